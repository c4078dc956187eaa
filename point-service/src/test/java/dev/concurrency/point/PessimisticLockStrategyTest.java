package dev.concurrency.point;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StrategyContention} with points.concurrency-control=PESSIMISTIC_LOCK. */
@QuarkusTest
@TestProfile(PessimisticLockStrategyTest.Profile.class)
class PessimisticLockStrategyTest extends StrategyContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("PESSIMISTIC_LOCK");
        }
    }
}
