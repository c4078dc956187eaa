package dev.concurrency.auction;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link BiddingConcurrencyTest}'s races with auctions.concurrency-control=OPTIMISTIC_RETRY. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(OptimisticRetryBiddingTest.Profile.class)
class OptimisticRetryBiddingTest extends BiddingConcurrencyTest {

    public static class Profile extends Strategy {
        public Profile() {
            super("OPTIMISTIC_RETRY");
        }
    }

    @Override
    boolean serializesPlacements() {
        return false;
    }
}
