package dev.concurrency.auction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.Reply;
import dev.concurrency.point.standin.PointServiceStandIn.Hold;
import dev.concurrency.point.standin.PointServiceStandIn.Kind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.concurrency.point.api.HoldStatus.CAPTURED;
import static dev.concurrency.point.api.HoldStatus.HELD;
import static dev.concurrency.point.api.HoldStatus.RELEASED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bidding's rules, holds and their release, and closing with the capture of the winner's hold (docs/api.md#auction-service). */
@QuarkusTest
@WithTestResource(StandInPointService.class)
class BiddingTest extends AuctionTestBase {

    @Test
    void aValidBidIsHeldAndAccepted() {
        long seller = member(0);
        long bidder = member(1_000);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();

        Reply placed = bid(id, bidder, 110, 100L);

        assertEquals(201, placed.status(), placed::toString);
        JsonNode bid = placed.body();
        assertEquals(id, bid.get("auctionId").asLong());
        assertEquals(bidder, bid.get("bidderId").asLong());
        assertEquals(110, bid.get("amount").asLong());
        assertEquals(100, bid.get("previousPrice").asLong());
        Instant.parse(bid.get("createdAt").asText());
        assertEquals(Optional.of(new Hold(holdId(bid), bidder, 110L, HELD, null)), standIn.hold(holdId(bid)));
        assertEquals(110, standIn.held(bidder));
        JsonNode auction = auctionNow(id);
        assertEquals(110, auction.get("currentPrice").asLong());
        assertEquals(bidder, auction.get("highestBidderId").asLong());
        assertEquals(1, auction.get("bidCount").asInt());
        assertEquals("OPEN", auction.get("status").asText());
        assertEquals(List.of(bid), bids(id));
    }

    @Test
    void bidsBreakingTheRulesAreRefusedAndChangeNothing() {
        long seller = member(0);
        long first = member(1_000);
        long second = member(1_000);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();

        assertProblem(bid(id, first, 109, null), 409, "BID_TOO_LOW");
        assertProblem(bid(id, first, 120, 90L), 409, "PRICE_CHANGED");
        assertProblem(bid(id, seller, 200, null), 409, "SELLER_CANNOT_BID");
        assertEquals(100, auctionNow(id).get("currentPrice").asLong());
        assertTrue(standIn.holdIdsAskedFor(first).isEmpty(), "no hold for a refused bid");

        JsonNode accepted = accepted(id, first, 110); // exactly currentPrice + minIncrement

        assertProblem(bid(id, first, 150, null), 409, "ALREADY_HIGHEST_BIDDER");
        assertProblem(bid(id, second, 119, null), 409, "BID_TOO_LOW");
        assertProblem(bid(id, second, 130, 100L), 409, "PRICE_CHANGED");
        JsonNode auction = auctionNow(id);
        assertEquals(110, auction.get("currentPrice").asLong());
        assertEquals(first, auction.get("highestBidderId").asLong());
        assertEquals(1, auction.get("bidCount").asInt());
        assertEquals(List.of(accepted), bids(id));
        assertEquals(List.of(holdId(accepted)), standIn.holdIdsAskedFor(first));
        assertTrue(standIn.holdIdsAskedFor(second).isEmpty());
        assertEquals(HELD, standIn.holdStatus(holdId(accepted)));
    }

    @Test
    void aBidderWithoutEnoughPointsIsRefusedAndNothingStaysHeld() {
        long seller = member(0);
        long poor = member(150);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();

        assertProblem(bid(id, poor, 200, null), 409, "INSUFFICIENT_POINTS");

        assertEquals(1, standIn.holdIdsAskedFor(poor).size(), "point-service was asked");
        assertTrue(standIn.holdsOf(Set.of(poor)).isEmpty(), "no hold may be left");
        assertEquals(List.of(BidStatus.REJECTED), bidsOf(id, poor).stream().map(b -> b.status).toList());
        assertEquals(0, standIn.held(poor));
        JsonNode auction = auctionNow(id);
        assertEquals(100, auction.get("currentPrice").asLong());
        assertTrue(auction.get("highestBidderId").isNull());
        assertEquals(0, auction.get("bidCount").asInt());
        assertTrue(bids(id).isEmpty());

        // Within its means the same bidder is accepted.
        assertEquals(100, accepted(id, poor, 150).get("previousPrice").asLong());
    }

    @Test
    void aBidderUnknownToPointServiceIsRefused() {
        long seller = member(0);
        long stranger = stranger();
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();

        assertProblem(bid(id, stranger, 200, null), 404, "MEMBER_NOT_FOUND");

        assertEquals(List.of(BidStatus.REJECTED), bidsOf(id, stranger).stream().map(b -> b.status).toList());
        assertTrue(bids(id).isEmpty());
        assertEquals(100, auctionNow(id).get("currentPrice").asLong());
    }

    @Test
    void outbiddingReleasesThePreviousBiddersHold() {
        long seller = member(0);
        long a = member(1_000);
        long b = member(1_000);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();

        JsonNode first = accepted(id, a, 110);
        JsonNode second = accepted(id, b, 120);
        assertEquals(110, second.get("previousPrice").asLong());
        awaitHold(holdId(first), RELEASED);
        assertEquals(0, standIn.held(a));
        assertEquals(1_000, standIn.balance(a));
        assertEquals(HELD, standIn.holdStatus(holdId(second)));

        JsonNode third = accepted(id, a, 200);
        assertEquals(120, third.get("previousPrice").asLong());
        awaitHold(holdId(second), RELEASED);
        assertEquals(0, standIn.held(b));
        assertEquals(200, standIn.held(a));
        assertEquals(HELD, standIn.holdStatus(holdId(third)));

        List<JsonNode> listed = bids(id);
        assertEquals(List.of(first, second, third), listed, "in the order they were accepted");
        long price = 100;
        for (JsonNode bid : listed) {
            assertEquals(price, bid.get("previousPrice").asLong(), listed::toString);
            price = bid.get("amount").asLong();
        }
        JsonNode auction = auctionNow(id);
        assertEquals(200, auction.get("currentPrice").asLong());
        assertEquals(a, auction.get("highestBidderId").asLong());
        assertEquals(3, auction.get("bidCount").asInt());
    }

    @Test
    void anEndedAuctionClosesByItselfAndTheWinnersHoldIsCapturedOnce() {
        long seller = member(0);
        long a = member(1_000);
        long b = member(1_000);
        JsonNode created = auction(seller, 100, 10, Duration.ofSeconds(3));
        long id = created.get("id").asLong();
        Instant endsAt = Instant.parse(created.get("endsAt").asText());
        JsonNode losing = accepted(id, a, 110);
        JsonNode winning = accepted(id, b, 150);

        assertProblem(close(id), 409, "AUCTION_NOT_ENDED");

        awaitTrue(() -> Instant.now().isAfter(endsAt), "past endsAt");
        assertProblem(bid(id, a, 500, null), 409, "AUCTION_CLOSED");
        JsonNode closed = awaitAuction(id, x -> x.get("status").asText().equals("CLOSED"), "CLOSED");
        Duration late = Duration.between(endsAt, Instant.now());
        assertTrue(late.compareTo(Duration.ofSeconds(5)) < 0, "closed only " + late + " after its end");
        assertEquals(b, closed.get("winnerId").asLong());
        assertEquals(150, closed.get("currentPrice").asLong());
        assertEquals(b, closed.get("highestBidderId").asLong());
        assertEquals(2, closed.get("bidCount").asInt());

        awaitHold(holdId(winning), CAPTURED);
        awaitHold(holdId(losing), RELEASED);
        assertEquals(new Hold(holdId(winning), b, 150L, CAPTURED, seller), standIn.hold(holdId(winning)).orElseThrow());
        assertEquals(150, standIn.balance(seller));
        assertEquals(850, standIn.balance(b));
        assertEquals(0, standIn.held(b));
        assertEquals(1_000, standIn.balance(a));
        assertEquals(0, standIn.held(a));

        Reply again = close(id);
        assertEquals(200, again.status(), again::toString);
        assertEquals(closed, again.body());
        assertEquals(closed, close(id).body());
        assertProblem(bid(id, a, 500, null), 409, "AUCTION_CLOSED");
        sleep(2_000); // a few more rounds of the closer and the task worker
        assertEquals(1, standIn.capturesDone(holdId(winning)), () -> "captures: " + standIn.callsFor(holdId(winning)));
        assertEquals(150, standIn.balance(seller));
        assertEquals(List.of(losing, winning), bids(id));
    }

    @Test
    void closingOnRequestAfterTheEndAnswersTheSameEveryTime() {
        long seller = member(0);
        long bidder = member(1_000);
        JsonNode created = auction(seller, 100, 10, Duration.ofMillis(1_500));
        long id = created.get("id").asLong();
        JsonNode winning = accepted(id, bidder, 130);
        Instant endsAt = Instant.parse(created.get("endsAt").asText());
        awaitTrue(() -> Instant.now().isAfter(endsAt), "past endsAt");

        Reply closed = close(id);

        assertEquals(200, closed.status(), closed::toString);
        assertEquals("CLOSED", closed.body().get("status").asText());
        assertEquals(bidder, closed.body().get("winnerId").asLong());
        assertTrue(closed.sameAnswerAs(close(id)));
        assertEquals(closed.body(), auctionNow(id));
        awaitHold(holdId(winning), CAPTURED);
        sleep(1_500);
        assertEquals(1, standIn.capturesDone(holdId(winning)));
        assertEquals(130, standIn.balance(seller));
    }

    @Test
    void anAuctionWithoutBidsClosesWithoutAWinner() {
        long seller = member(0);
        JsonNode created = auction(seller, 100, 10, Duration.ofSeconds(2));
        long id = created.get("id").asLong();

        JsonNode closed = awaitAuction(id, x -> x.get("status").asText().equals("CLOSED"), "CLOSED");

        assertTrue(closed.get("winnerId").isNull(), closed::toString);
        assertTrue(closed.get("highestBidderId").isNull(), closed::toString);
        assertEquals(100, closed.get("currentPrice").asLong());
        Reply again = close(id);
        assertEquals(200, again.status(), again::toString);
        assertEquals(closed, again.body());
        sleep(1_500);
        assertTrue(standIn.calls().stream().noneMatch(c -> c.kind() == Kind.CAPTURE && c.memberId() != null && c.memberId() == seller),
                "nothing may be captured for the seller");
        assertEquals(0, standIn.balance(seller));
    }
}
