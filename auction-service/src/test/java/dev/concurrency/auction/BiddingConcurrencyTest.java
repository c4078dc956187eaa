package dev.concurrency.auction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.Concurrently;
import dev.concurrency.client.Reply;
import dev.concurrency.point.standin.PointServiceStandIn.Hold;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static dev.concurrency.point.api.HoldStatus.HELD;
import static dev.concurrency.point.api.HoldStatus.RELEASED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many bids on one auction at once, in one process (docs/api.md#auction-service's rules under concurrency), with the
 * default strategy; the subclasses run the same races under the others (auctions.concurrency-control).
 */
@QuarkusTest
@WithTestResource(StandInPointService.class)
class BiddingConcurrencyTest extends AuctionTestBase {

    static final int BIDDERS = 30;

    /** Test profile running the service with one strategy. */
    abstract static class Strategy implements io.quarkus.test.junit.QuarkusTestProfile {
        private final String name;

        Strategy(String name) {
            this.name = name;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auctions.concurrency-control", name);
        }
    }

    /**
     * True when the strategy serializes whole placements (the Redis locks): a bid that would lose is
     * refused before its hold. The database strategies decide at the accept step, after the hold, so
     * a loser's points are held for a moment and then released by a task.
     */
    boolean serializesPlacements() {
        return true;
    }

    /** The refusals a strategy may give besides the rules': the optimistic ones may give up as busy (503). */
    boolean refusedForTheRules(Reply r, Set<String> codes) {
        return r.status() == 409 && codes.contains(r.code()) || "SERVICE_UNAVAILABLE".equals(r.code());
    }

    @Test
    void ofConcurrentBidsAgainstTheSameExpectedPriceExactlyOneIsAccepted() throws Exception {
        long seller = member(0);
        List<Long> bidders = members(BIDDERS);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();

        List<Reply> replies = together(i -> bid(id, bidders.get(i), 110 + i, 100L));

        List<Reply> won = replies.stream().filter(r -> r.status() == 201).toList();
        assertEquals(1, won.size(), () -> "outcomes: " + outcomes(replies));
        for (Reply r : replies) {
            if (r.status() != 201) {
                assertTrue(refusedForTheRules(r, Set.of("PRICE_CHANGED", "BID_TOO_LOW")), r::toString);
            }
        }
        JsonNode bid = won.get(0).body();
        assertEquals(100, bid.get("previousPrice").asLong());
        JsonNode auction = auctionNow(id);
        assertEquals(bid.get("amount").asLong(), auction.get("currentPrice").asLong());
        assertEquals(bid.get("bidderId").asLong(), auction.get("highestBidderId").asLong());
        assertEquals(1, auction.get("bidCount").asInt());
        assertEquals(List.of(bid), bids(id));
        Hold winners = new Hold(holdId(bid), bid.get("bidderId").asLong(), bid.get("amount").asLong(), HELD, null);
        if (serializesPlacements()) {
            assertEquals(List.of(winners), standIn.holdsOf(new HashSet<>(bidders)), "exactly one hold, the winner's");
        } else {
            assertLosersReleased(bidders, Set.of(holdId(bid)));
            assertEquals(winners, standIn.hold(holdId(bid)).orElseThrow());
        }
    }

    @Test
    void concurrentRisingBidsAreAcceptedInStrictlyIncreasingOrder() throws Exception {
        long seller = member(0);
        List<Long> bidders = members(BIDDERS);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();

        List<Reply> replies = together(i -> bid(id, bidders.get(i), 110 + 10L * i, null));

        List<JsonNode> won = replies.stream().filter(r -> r.status() == 201).map(Reply::body).toList();
        assertTrue(!won.isEmpty(), () -> "outcomes: " + outcomes(replies));
        for (Reply r : replies) {
            if (r.status() != 201) {
                assertTrue(refusedForTheRules(r, Set.of("BID_TOO_LOW")), r::toString);
            }
        }
        // In the order they outbid each other (bid ids follow it only when whole placements are serialized).
        List<JsonNode> accepted = bids(id).stream()
                .sorted(java.util.Comparator.comparingLong(b -> b.get("previousPrice").asLong())).toList();
        assertEquals(won.size(), accepted.size());
        assertEquals(won.stream().map(b -> b.get("id").asLong()).collect(Collectors.toSet()),
                accepted.stream().map(b -> b.get("id").asLong()).collect(Collectors.toSet()));
        long price = 100;
        for (JsonNode b : accepted) {
            assertEquals(price, b.get("previousPrice").asLong(), () -> "chain broken: " + accepted);
            assertTrue(b.get("amount").asLong() >= price + 10, () -> "not rising by the increment: " + accepted);
            price = b.get("amount").asLong();
        }
        JsonNode last = accepted.get(accepted.size() - 1);
        JsonNode auction = auctionNow(id);
        assertEquals(price, auction.get("currentPrice").asLong());
        assertEquals(last.get("bidderId").asLong(), auction.get("highestBidderId").asLong());
        assertEquals(accepted.size(), auction.get("bidCount").asInt());

        if (serializesPlacements()) {
            assertEquals(accepted.size(), standIn.holdsOf(new HashSet<>(bidders)).size(), "no hold for a bid that was too low");
        } else {
            assertLosersReleased(bidders, accepted.stream().map(AuctionTestBase::holdId).collect(Collectors.toSet()));
        }
        for (JsonNode b : accepted.subList(0, accepted.size() - 1)) {
            awaitHold(holdId(b), RELEASED);
            assertEquals(0, standIn.held(b.get("bidderId").asLong()));
        }
        assertEquals(HELD, standIn.holdStatus(holdId(last)));
        assertEquals(last.get("amount").asLong(), standIn.held(last.get("bidderId").asLong()));
    }

    /** Every hold of a bid that was not accepted ends released, and nothing of it stays held. */
    private void assertLosersReleased(List<Long> bidders, Set<String> acceptedHolds) {
        for (Hold hold : standIn.holdsOf(new HashSet<>(bidders))) {
            if (!acceptedHolds.contains(hold.holdId())) {
                awaitHold(hold.holdId(), RELEASED);
            }
        }
    }

    List<Long> members(int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(member(100_000));
        }
        return ids;
    }

    /** Runs one request per bidder, all released at once; returns the replies by bidder index. */
    static List<Reply> together(IntFunction<Reply> request) throws Exception {
        return Concurrently.run(BIDDERS, request);
    }

    static Map<String, Long> outcomes(List<Reply> replies) {
        return replies.stream().collect(Collectors.groupingBy(Reply::outcome, TreeMap::new, Collectors.counting()));
    }
}
