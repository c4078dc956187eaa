package dev.concurrency.auction;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link BiddingConcurrencyTest}'s races with auctions.concurrency-control=CONDITIONAL_UPDATE. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(ConditionalUpdateBiddingTest.Profile.class)
class ConditionalUpdateBiddingTest extends BiddingConcurrencyTest {

    public static class Profile extends Strategy {
        public Profile() {
            super("CONDITIONAL_UPDATE");
        }
    }

    @Override
    boolean serializesPlacements() {
        return false;
    }
}
