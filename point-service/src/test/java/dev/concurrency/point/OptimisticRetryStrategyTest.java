package dev.concurrency.point;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StrategyContention} with points.concurrency-control=OPTIMISTIC_RETRY. */
@QuarkusTest
@TestProfile(OptimisticRetryStrategyTest.Profile.class)
class OptimisticRetryStrategyTest extends StrategyContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("OPTIMISTIC_RETRY");
        }
    }
}
