package dev.concurrency.order;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StockContention} with orders.concurrency-control=FENCED_LOCK. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(FencedLockStockTest.Profile.class)
class FencedLockStockTest extends StockContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("FENCED_LOCK");
        }
    }
}
