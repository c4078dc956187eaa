package dev.concurrency.order;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link StockContention} with orders.concurrency-control=REDIS_LOCK. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(RedisLockStockTest.Profile.class)
class RedisLockStockTest extends StockContention {

    public static class Profile extends Strategy {
        public Profile() {
            super("REDIS_LOCK");
        }
    }
}
