package dev.concurrency.auction;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link BiddingConcurrencyTest}'s races with auctions.concurrency-control=REDIS_LOCK. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(RedisLockBiddingTest.Profile.class)
class RedisLockBiddingTest extends BiddingConcurrencyTest {

    public static class Profile extends Strategy {
        public Profile() {
            super("REDIS_LOCK");
        }
    }
}
