package dev.concurrency.point;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StrategyContention} with points.concurrency-control=CONDITIONAL_UPDATE. */
@QuarkusTest
@TestProfile(ConditionalUpdateStrategyTest.Profile.class)
class ConditionalUpdateStrategyTest extends StrategyContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("CONDITIONAL_UPDATE");
        }
    }
}
