package dev.concurrency.auction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.auction.PointServiceStandIn.Hold;
import dev.concurrency.client.Reply;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static dev.concurrency.auction.PointServiceStandIn.HELD;
import static dev.concurrency.auction.PointServiceStandIn.RELEASED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many bids on one auction at once, in one process (CONTRACT §5's rules under concurrency). */
@QuarkusTest
@WithTestResource(StandInPointService.class)
class BiddingConcurrencyTest extends AuctionTestBase {

    private static final int BIDDERS = 30;

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
                assertEquals(409, r.status(), r::toString);
                assertTrue(Set.of("PRICE_CHANGED", "BID_TOO_LOW").contains(r.code()), r::toString);
            }
        }
        JsonNode bid = won.get(0).body();
        assertEquals(100, bid.get("previousPrice").asLong());
        JsonNode auction = auctionNow(id);
        assertEquals(bid.get("amount").asLong(), auction.get("currentPrice").asLong());
        assertEquals(bid.get("bidderId").asLong(), auction.get("highestBidderId").asLong());
        assertEquals(1, auction.get("bidCount").asInt());
        assertEquals(List.of(bid), bids(id));
        List<Hold> holds = standIn.holdsOf(new HashSet<>(bidders));
        assertEquals(List.of(new Hold(holdId(bid), bid.get("bidderId").asLong(), bid.get("amount").asLong(), HELD, null)), holds,
                "exactly one hold, the winner's");
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
                assertEquals(409, r.status(), r::toString);
                assertEquals("BID_TOO_LOW", r.code(), r::toString);
            }
        }
        List<JsonNode> accepted = bids(id);
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

        assertEquals(accepted.size(), standIn.holdsOf(new HashSet<>(bidders)).size(), "no hold for a bid that was too low");
        for (JsonNode b : accepted.subList(0, accepted.size() - 1)) {
            awaitHold(holdId(b), RELEASED);
            assertEquals(0, standIn.held(b.get("bidderId").asLong()));
        }
        assertEquals(HELD, standIn.holdStatus(holdId(last)));
        assertEquals(last.get("amount").asLong(), standIn.held(last.get("bidderId").asLong()));
    }

    private List<Long> members(int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(member(100_000));
        }
        return ids;
    }

    /** Runs one request per bidder, all released at once; returns the replies by bidder index. */
    private static List<Reply> together(IntFunction<Reply> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BIDDERS);
        try {
            CountDownLatch ready = new CountDownLatch(BIDDERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < BIDDERS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(n);
                }));
            }
            ready.await();
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get(SETTLE.toSeconds() * 4, java.util.concurrent.TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Long> outcomes(List<Reply> replies) {
        return replies.stream().collect(Collectors.groupingBy(Reply::outcome, TreeMap::new, Collectors.counting()));
    }
}
