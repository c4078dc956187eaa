package dev.concurrency.point;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StrategyContention} with points.concurrency-control=REDIS_LOCK. */
@QuarkusTest
@TestProfile(RedisLockStrategyTest.Profile.class)
class RedisLockStrategyTest extends StrategyContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("REDIS_LOCK");
        }
    }
}
