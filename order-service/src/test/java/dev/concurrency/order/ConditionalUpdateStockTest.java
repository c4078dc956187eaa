package dev.concurrency.order;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StockContention} with orders.concurrency-control=CONDITIONAL_UPDATE. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(ConditionalUpdateStockTest.Profile.class)
class ConditionalUpdateStockTest extends StockContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("CONDITIONAL_UPDATE");
        }
    }
}
