package dev.concurrency.order;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StockContention} with orders.concurrency-control=PESSIMISTIC_LOCK. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(PessimisticLockStockTest.Profile.class)
class PessimisticLockStockTest extends StockContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("PESSIMISTIC_LOCK");
        }
    }
}
