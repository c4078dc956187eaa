package dev.concurrency.auction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.Reply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Negative control: with auctions.concurrency-control=NONE the race of
 * {@link BiddingConcurrencyTest} has more than one winner against the same price (or breaks down),
 * which shows that the strategies' tests would notice if theirs did.
 */
@QuarkusTest
@WithTestResource(StandInPointService.class)
@TestProfile(NoControlBiddingTest.Profile.class)
class NoControlBiddingTest extends BiddingConcurrencyTest {

    public static class Profile extends Strategy {
        public Profile() {
            super("NONE");
        }
    }

    @Test
    @Override
    void ofConcurrentBidsAgainstTheSameExpectedPriceExactlyOneIsAccepted() throws Exception {
        long seller = member(0);
        List<Long> bidders = members(BIDDERS);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();

        List<Reply> replies = together(i -> bid(id, bidders.get(i), 110 + i, 100L));

        long won = replies.stream().filter(r -> r.status() == 201).count();
        List<JsonNode> accepted = bids(id);
        boolean priceFell = false;
        for (int i = 1; i < accepted.size(); i++) {
            priceFell |= accepted.get(i).get("amount").asLong() <= accepted.get(i - 1).get("amount").asLong();
        }
        boolean broke = replies.stream().anyMatch(r -> r.status() >= 500);
        assertTrue(won > 1 || priceFell || broke, () -> "without control the race still had one clean winner: " + outcomes(replies));
    }

    /** Not run: the positive checks of this race are the strategies' business. */
    @Override
    void concurrentRisingBidsAreAcceptedInStrictlyIncreasingOrder() {
    }
}
