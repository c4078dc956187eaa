package dev.concurrency.auction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.Reply;
import dev.concurrency.point.standin.PointServiceStandIn.Behaviour;
import dev.concurrency.point.standin.PointServiceStandIn.Kind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static dev.concurrency.point.api.HoldStatus.CAPTURED;
import static dev.concurrency.point.api.HoldStatus.HELD;
import static dev.concurrency.point.api.HoldStatus.RELEASED;
import static dev.concurrency.point.api.HoldStatus.VOIDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * point-service failing while bidding (500, hanging, refusing connections, a lost answer): 503, the
 * bid is not accepted, and whatever may have been held is released by the task worker. And a
 * capture failing at the close: the auction closes anyway and the capture happens once later.
 */
@QuarkusTest
@WithTestResource(StandInPointService.class)
class PointServiceFaultsTest extends AuctionTestBase {

    @Test
    void serverErrorsGive503AndTheHoldIsVoided() {
        Setup s = auctionWithOneBid();
        standIn.behave(Behaviour.FAIL_500);

        Reply refused = bid(s.auction, s.challenger, 150, null);

        assertProblem(refused, 503, "SERVICE_UNAVAILABLE");
        String hold = theOnlyHoldAskedFor(s.challenger);
        assertEquals(hold, s.refusedHold());
        assertNull(standIn.holdStatus(hold), "nothing was held");
        s.assertUnchanged();
        sleep(1_500); // the release is being retried, and fails
        standIn.behave(Behaviour.NORMAL);
        awaitHold(hold, VOIDED);
        s.assertUnchanged();
        assertEquals(0, standIn.held(s.challenger));

        // point-service is back: the same bid goes through (a new bid, a new hold).
        JsonNode bid = accepted(s.auction, s.challenger, 150);
        assertEquals(120, bid.get("previousPrice").asLong());
        awaitHold(holdId(s.first), RELEASED);
    }

    @Test
    void aHangingPointServiceGives503AndTheHoldIsVoided() {
        Setup s = auctionWithOneBid();
        standIn.behave(Behaviour.HANG, EnumSet.of(Kind.HOLD));

        long start = System.nanoTime();
        Reply refused = bid(s.auction, s.challenger, 150, null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertProblem(refused, 503, "SERVICE_UNAVAILABLE");
        assertTrue(took.compareTo(Duration.ofSeconds(2)) >= 0 && took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
        s.assertUnchanged();
        String hold = theOnlyHoldAskedFor(s.challenger);
        assertEquals(hold, s.refusedHold());
        awaitHold(hold, VOIDED);
        standIn.behave(Behaviour.NORMAL);
        sleep(4_000); // past auctions.stale-bid-after: the abandoned-bid sweep must not disturb anything
        s.assertUnchanged();
        assertEquals(VOIDED, standIn.holdStatus(hold));
        assertEquals(HELD, standIn.holdStatus(holdId(s.first)));
    }

    @Test
    void refusedConnectionsGive503AndTheHoldIsVoided() {
        Setup s = auctionWithOneBid();
        standIn.behave(Behaviour.REFUSE);

        Reply refused = bid(s.auction, s.challenger, 150, null);

        assertProblem(refused, 503, "SERVICE_UNAVAILABLE");
        s.assertUnchanged();
        sleep(1_000);
        // The stand-in never saw the hold request; the release task is what reaches it, and voids it.
        String hold = s.refusedHold();
        assertNull(standIn.holdStatus(hold));
        standIn.behave(Behaviour.NORMAL);
        awaitHold(hold, VOIDED);
        assertTrue(standIn.holdIdsAskedFor(s.challenger).isEmpty());
        s.assertUnchanged();
        assertEquals(0, standIn.held(s.challenger));
    }

    @Test
    void aHoldWhoseAnswerIsLostIsReleased() {
        Setup s = auctionWithOneBid();
        standIn.behave(Behaviour.DROP, EnumSet.of(Kind.HOLD)); // the hold lands, the answer is a 500

        Reply refused = bid(s.auction, s.challenger, 150, null);

        assertProblem(refused, 503, "SERVICE_UNAVAILABLE");
        String hold = theOnlyHoldAskedFor(s.challenger);
        assertEquals(hold, s.refusedHold());
        assertTrue(standIn.hold(hold).isPresent(), "the hold landed");
        awaitHold(hold, RELEASED);
        assertEquals(0, standIn.held(s.challenger));
        assertEquals(1_000, standIn.balance(s.challenger));
        s.assertUnchanged();
    }

    @Test
    void aCaptureFailingAtTheCloseHappensOnceWhenPointServiceIsBack() {
        long seller = member(0);
        long bidder = member(1_000);
        JsonNode created = auction(seller, 100, 10, Duration.ofSeconds(2));
        long id = created.get("id").asLong();
        JsonNode winning = accepted(id, bidder, 300);
        String hold = holdId(winning);
        standIn.behave(Behaviour.FAIL_500, EnumSet.of(Kind.CAPTURE));

        JsonNode closed = awaitAuction(id, a -> a.get("status").asText().equals("CLOSED"), "CLOSED");

        assertEquals(bidder, closed.get("winnerId").asLong());
        awaitTrue(() -> standIn.callsFor(hold).stream().anyMatch(c -> c.kind() == Kind.CAPTURE && c.status() == 500),
                "a failed capture of " + hold);
        sleep(2_000); // retried and failing
        assertEquals(HELD, standIn.holdStatus(hold));
        assertEquals(0, standIn.capturesDone(hold));
        assertEquals(0, standIn.balance(seller));
        Reply closeAgain = close(id);
        assertEquals(200, closeAgain.status(), closeAgain::toString);
        assertEquals(closed, closeAgain.body());

        standIn.behave(Behaviour.NORMAL);

        awaitHold(hold, CAPTURED);
        sleep(2_000);
        assertEquals(1, standIn.capturesDone(hold), () -> "captures: " + standIn.callsFor(hold));
        assertEquals(300, standIn.balance(seller));
        assertEquals(700, standIn.balance(bidder));
        assertEquals(0, standIn.held(bidder));
        assertEquals(closed, auctionNow(id));
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** An open auction (start 100, increment 10) with one accepted bid of 120, and a challenger with 1,000 points. */
    private Setup auctionWithOneBid() {
        long seller = member(0);
        long holder = member(1_000);
        long challenger = member(1_000);
        long id = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();
        JsonNode first = accepted(id, holder, 120);
        return new Setup(id, holder, challenger, first, auctionNow(id));
    }

    private String theOnlyHoldAskedFor(long member) {
        List<String> asked = standIn.holdIdsAskedFor(member);
        assertEquals(1, asked.size(), () -> "hold requests for member " + member + ": " + asked);
        return asked.get(0);
    }

    private final class Setup {
        final long auction;
        final long holder;
        final long challenger;
        final JsonNode first;
        final JsonNode before;

        Setup(long auction, long holder, long challenger, JsonNode first, JsonNode before) {
            this.auction = auction;
            this.holder = holder;
            this.challenger = challenger;
            this.first = first;
            this.before = before;
        }

        /** The refused bid changed nothing: same auction, same bids, the first bidder's hold still held. */
        void assertUnchanged() {
            assertEquals(before, auctionNow(auction));
            assertEquals(List.of(first), bids(auction));
            assertEquals(HELD, standIn.holdStatus(holdId(first)));
            assertEquals(120, standIn.held(holder));
            assertTrue(Instant.now().isBefore(Instant.parse(before.get("endsAt").asText())));
        }

        /** The challenger's one bid, as recorded: REJECTED; its hold id. */
        String refusedHold() {
            List<Bid> recorded = bidsOf(auction, challenger);
            assertEquals(1, recorded.size(), recorded::toString);
            assertEquals(BidStatus.REJECTED, recorded.get(0).status);
            return recorded.get(0).holdId();
        }
    }
}
