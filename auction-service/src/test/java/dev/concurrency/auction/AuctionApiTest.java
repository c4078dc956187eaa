package dev.concurrency.auction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.Reply;
import dev.concurrency.point.standin.PointServiceStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating and reading auctions (docs/api.md#auction-service), and the answers for bad input and unknown ids. */
@QuarkusTest
@WithTestResource(StandInPointService.class)
class AuctionApiTest extends AuctionTestBase {

    @Test
    void anAuctionIsCreatedOpenAtItsStartPrice() {
        long seller = member(0);
        Instant endsAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        Reply created = create(seller, 500, 25, endsAt.toString());

        assertEquals(201, created.status(), created::toString);
        JsonNode a = created.body();
        assertTrue(a.get("id").asLong() > 0);
        assertEquals(seller, a.get("sellerId").asLong());
        assertEquals("Lot", a.get("title").asText());
        assertEquals(500, a.get("startPrice").asLong());
        assertEquals(25, a.get("minIncrement").asLong());
        assertEquals(500, a.get("currentPrice").asLong());
        assertTrue(a.get("highestBidderId").isNull(), a::toString);
        assertEquals(0, a.get("bidCount").asInt());
        assertEquals("OPEN", a.get("status").asText());
        assertEquals(endsAt, Instant.parse(a.get("endsAt").asText()));
        assertTrue(a.get("winnerId").isNull(), a::toString);

        Reply read = get(a.get("id").asLong());
        assertEquals(200, read.status(), read::toString);
        assertEquals(a, read.body());
        assertTrue(bids(a.get("id").asLong()).isEmpty());
    }

    @Test
    void anUnknownSellerIsRefused() {
        assertProblem(create(stranger(), 100, 10, in(Duration.ofHours(1))), 404, "MEMBER_NOT_FOUND");
    }

    @Test
    void aSellerThatCannotBeCheckedGives503() {
        long seller = member(0);
        standIn.behave(PointServiceStandIn.Behaviour.FAIL_500);
        assertProblem(create(seller, 100, 10, in(Duration.ofHours(1))), 503, "SERVICE_UNAVAILABLE");
        standIn.behave(PointServiceStandIn.Behaviour.NORMAL);
        assertEquals(201, create(seller, 100, 10, in(Duration.ofHours(1))).status());
    }

    @Test
    void badAuctionsAreRefused() {
        long seller = member(0);
        String hour = in(Duration.ofHours(1));
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("endsAt in the past", body(seller, "\"Lot\"", 100, 10, "\"" + in(Duration.ofMinutes(-5)) + "\""));
        invalid.put("endsAt under 1 s ahead", body(seller, "\"Lot\"", 100, 10, "\"" + in(Duration.ofMillis(300)) + "\""));
        invalid.put("endsAt over 30 days ahead", body(seller, "\"Lot\"", 100, 10, "\"" + in(Duration.ofDays(30).plusHours(1)) + "\""));
        invalid.put("endsAt not a date", body(seller, "\"Lot\"", 100, 10, "\"next tuesday\""));
        invalid.put("endsAt a number", body(seller, "\"Lot\"", 100, 10, "12345"));
        invalid.put("no endsAt", "{\"sellerId\":" + seller + ",\"title\":\"Lot\",\"startPrice\":100,\"minIncrement\":10}");
        invalid.put("no title", "{\"sellerId\":" + seller + ",\"startPrice\":100,\"minIncrement\":10,\"endsAt\":\"" + hour + "\"}");
        invalid.put("blank title", body(seller, "\"  \"", 100, 10, "\"" + hour + "\""));
        invalid.put("title over 100", body(seller, "\"" + "x".repeat(101) + "\"", 100, 10, "\"" + hour + "\""));
        invalid.put("sellerId not a number", "{\"sellerId\":\"abc\",\"title\":\"Lot\",\"startPrice\":100,\"minIncrement\":10,\"endsAt\":\"" + hour + "\"}");
        invalid.put("malformed JSON", "{\"sellerId\":" + seller + ",");
        invalid.put("no body", "");
        Map<String, String> invalidAmount = new LinkedHashMap<>();
        invalidAmount.put("startPrice 0", body(seller, "\"Lot\"", 0, 10, "\"" + hour + "\""));
        invalidAmount.put("startPrice over 10,000,000", body(seller, "\"Lot\"", 10_000_001, 10, "\"" + hour + "\""));
        invalidAmount.put("minIncrement 0", body(seller, "\"Lot\"", 100, 0, "\"" + hour + "\""));

        List<String> failures = new ArrayList<>();
        invalid.forEach((what, json) -> expect(failures, what, http.post(url + "/auctions", json, null), 400, "INVALID_REQUEST"));
        invalidAmount.forEach((what, json) -> expect(failures, what, http.post(url + "/auctions", json, null), 400, "INVALID_AMOUNT"));
        assertTrue(failures.isEmpty(), "wrongly answered:\n" + String.join("\n", failures));
    }

    @Test
    void unknownAuctionsAreNotFound() {
        long nobody = 999_999_999_999L;
        long bidder = member(1_000);
        List<String> failures = new ArrayList<>();
        expect(failures, "GET", get(nobody), 404, "AUCTION_NOT_FOUND");
        expect(failures, "GET bids", http.get(url + "/auctions/" + nobody + "/bids"), 404, "AUCTION_NOT_FOUND");
        expect(failures, "POST bid", bid(nobody, bidder, 100, null), 404, "AUCTION_NOT_FOUND");
        expect(failures, "POST close", close(nobody), 404, "AUCTION_NOT_FOUND");
        expect(failures, "GET /auctions/abc", http.get(url + "/auctions/abc"), 400, "INVALID_REQUEST");
        assertTrue(failures.isEmpty(), "wrongly answered:\n" + String.join("\n", failures));
        assertTrue(standIn.holdIdsAskedFor(bidder).isEmpty());
    }

    @Test
    void badBidsAreRefused() {
        long seller = member(0);
        long bidder = member(1_000);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();
        List<String> failures = new ArrayList<>();
        String at = url + "/auctions/" + id + "/bids";
        expect(failures, "amount 0", http.post(at, "{\"bidderId\":" + bidder + ",\"amount\":0}", null), 400, "INVALID_AMOUNT");
        expect(failures, "expectedPrice 0", http.post(at, "{\"bidderId\":" + bidder + ",\"amount\":110,\"expectedPrice\":0}", null),
                400, "INVALID_AMOUNT");
        expect(failures, "no bidderId", http.post(at, "{\"amount\":110}", null), 400, "INVALID_REQUEST");
        // a price of the wrong type: INVALID_AMOUNT is the more specific code the contract allows
        expect(failures, "amount not a number", http.post(at, "{\"bidderId\":" + bidder + ",\"amount\":\"x\"}", null), 400, "INVALID_AMOUNT");
        assertTrue(failures.isEmpty(), "wrongly answered:\n" + String.join("\n", failures));
        assertEquals(100, auctionNow(id).get("currentPrice").asLong());
        assertTrue(standIn.holdIdsAskedFor(bidder).isEmpty());
    }

    @Test
    void bidsArePagedInTheOrderTheyWereAccepted() {
        long seller = member(0);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();
        for (int i = 1; i <= 5; i++) {
            accepted(id, member(1_000), 100 + 10L * i);
        }
        Reply first = http.get(url + "/auctions/" + id + "/bids?limit=2");
        assertEquals(200, first.status(), first::toString);
        assertEquals(List.of(110L, 120L), amounts(first));
        Reply second = http.get(url + "/auctions/" + id + "/bids?limit=2&cursor=" + first.body().get("nextCursor").asText());
        assertEquals(List.of(130L, 140L), amounts(second));
        Reply last = http.get(url + "/auctions/" + id + "/bids?limit=2&cursor=" + second.body().get("nextCursor").asText());
        assertEquals(List.of(150L), amounts(last));
        assertTrue(last.body().get("nextCursor").isNull(), "the last page has no next cursor");
        assertEquals(5, bids(id).size(), "20 by default, read to the end");
        List<String> failures = new ArrayList<>();
        for (String query : List.of("limit=0", "limit=101", "limit=x", "cursor=abc")) {
            expect(failures, query, http.get(url + "/auctions/" + id + "/bids?" + query), 400, "INVALID_REQUEST");
        }
        assertTrue(failures.isEmpty(), "wrongly answered:\n" + String.join("\n", failures));
    }

    private static List<Long> amounts(Reply page) {
        List<Long> amounts = new ArrayList<>();
        page.body().get("items").forEach(b -> amounts.add(b.get("amount").asLong()));
        return amounts;
    }

    private static String body(long seller, String title, long startPrice, long minIncrement, String endsAt) {
        return "{\"sellerId\":" + seller + ",\"title\":" + title + ",\"startPrice\":" + startPrice + ",\"minIncrement\":" + minIncrement
                + ",\"endsAt\":" + endsAt + "}";
    }

    private static void expect(List<String> failures, String what, Reply reply, int status, String code) {
        if (reply.status() != status || !code.equals(reply.code()) || !reply.contentType().startsWith("application/problem+json")) {
            failures.add(what + " -> " + reply + " (expected " + status + " " + code + ")");
        }
    }
}
