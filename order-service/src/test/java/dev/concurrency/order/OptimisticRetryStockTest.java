package dev.concurrency.order;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StockContention} with orders.concurrency-control=OPTIMISTIC_RETRY. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(OptimisticRetryStockTest.Profile.class)
class OptimisticRetryStockTest extends StockContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("OPTIMISTIC_RETRY");
        }
    }
}
