package dev.concurrency.auction;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link BiddingConcurrencyTest}'s races with auctions.concurrency-control=PESSIMISTIC_LOCK. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(PessimisticLockBiddingTest.Profile.class)
class PessimisticLockBiddingTest extends BiddingConcurrencyTest {

    public static class Profile extends Strategy {
        public Profile() {
            super("PESSIMISTIC_LOCK");
        }
    }

    @Override
    boolean serializesPlacements() {
        return false;
    }
}
