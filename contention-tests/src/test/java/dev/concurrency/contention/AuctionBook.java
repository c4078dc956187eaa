package dev.concurrency.contention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.AuctionClient;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The invariants of auctions, checked through the APIs once the hold tasks have settled:
 * <ul>
 *   <li>each auction's accepted bids form a chain: each one's previousPrice is the amount before it
 *       (the start price first), each at least minIncrement higher; the auction's price, count and
 *       highest bidder match the last one;</li>
 *   <li>an open auction with bids has exactly its highest bid's hold HELD, for its price; a closed
 *       one has it CAPTURED to the seller, with exactly one CAPTURE and one PAYOUT in the ledgers;
 *       every outbid hold is RELEASED;</li>
 *   <li>points are conserved: the sum of all balances is what was charged, and all that is held is
 *       exactly the prices of open auctions with bids (no hold leaked, none lost).</li>
 * </ul>
 */
final class AuctionBook {

    private final AuctionClient auctions;
    private final PointClient points;
    /** Payments and holds are read as a service, from point-service itself (not through an entry point). */
    private final PointClient servicePoints;
    private final Map<Long, Long> charged = new HashMap<>();
    private final List<Long> auctionIds = new ArrayList<>();

    AuctionBook(AuctionClient auctions, PointClient points) {
        this.auctions = auctions;
        this.points = points;
        this.servicePoints = SuiteConfig.load().servicePoints(points);
    }

    long member(String name, long amount) {
        long id = points.newMember(name);
        if (amount > 0 && !points.charge(id, amount).ok()) {
            throw new AssertionError("charging member " + id + " failed");
        }
        charged.put(id, amount);
        return id;
    }

    long[] members(String name, int count, long amount) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = member(name + "-" + i, amount);
        }
        return ids;
    }

    long auction(long seller, long startPrice, long minIncrement, Instant endsAt) {
        long id = auctions.newAuction(seller, "lot-" + auctionIds.size(), startPrice, minIncrement, endsAt);
        auctionIds.add(id);
        return id;
    }

    /** Waits (bounded) until every auction that has ended is CLOSED; returns the longest delay seen after endsAt. */
    Duration awaitClosed(ScenarioReport report, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Duration longest = Duration.ZERO;
        for (long id : auctionIds) {
            while (true) {
                JsonNode a = auctions.auction(id).body();
                Instant endsAt = Instant.parse(a.get("endsAt").asText());
                if (a.get("status").asText().equals("CLOSED")) {
                    break;
                }
                if (Instant.now().isAfter(endsAt)) {
                    Duration late = Duration.between(endsAt, Instant.now());
                    longest = late.compareTo(longest) > 0 ? late : longest;
                }
                if (System.nanoTime() > deadline) {
                    report.violation("auction " + id + " still OPEN after " + atMost);
                    break;
                }
                ServiceReplica.pause(Duration.ofMillis(100));
            }
        }
        return longest;
    }

    void check(ScenarioReport report, Duration settleWithin) {
        // A closed auction's capture is a hold task, done after the close commits (by another replica if the
        // closer died): wait until no hold task is left before reading holds, not a fixed time.
        Settlement.check(report);
        long openPrices = 0;
        for (long id : auctionIds) {
            openPrices += checkAuction(report, id);
        }
        long expectedHeld = openPrices;
        // Outbid holds are released by tasks after the bids commit: give them a bounded while.
        long deadline = System.nanoTime() + settleWithin.toNanos();
        long held = totalHeld();
        while (held != expectedHeld && System.nanoTime() < deadline) {
            ServiceReplica.pause(Duration.ofMillis(250));
            held = totalHeld();
        }
        report.check(held == expectedHeld, "members hold " + held + " in all, but open auctions stand at " + expectedHeld);
        long balances = 0;
        for (long member : charged.keySet()) {
            balances += PointOps.checkLedger(report, points, member);
            Map<String, Long> t = points.ledgerTotals(member);
            long heldFromLedger = t.getOrDefault("HOLD", 0L) - t.getOrDefault("RELEASE", 0L) - t.getOrDefault("CAPTURE", 0L);
            report.check(heldFromLedger == points.points(member).number("held"), "member " + member + ": held does not match its ledger");
        }
        long totalCharged = charged.values().stream().mapToLong(Long::longValue).sum();
        report.check(balances == totalCharged, "points not conserved: balances " + balances + ", charged " + totalCharged);
    }

    /** Checks one auction; returns its price if it is open with bids (what must be held for it), else 0. */
    private long checkAuction(ScenarioReport report, long id) {
        JsonNode a = auctions.auction(id).body();
        List<JsonNode> bids = auctions.bids(id);
        long price = a.get("startPrice").asLong();
        long increment = a.get("minIncrement").asLong();
        for (JsonNode bid : bids) {
            report.check(bid.get("previousPrice").asLong() == price, "auction " + id + ": bid " + bid.get("id") + " outbid "
                    + bid.get("previousPrice") + " but the price was " + price);
            report.check(bid.get("amount").asLong() >= price + increment, "auction " + id + ": bid " + bid.get("id") + " too low");
            price = bid.get("amount").asLong();
        }
        report.check(a.get("currentPrice").asLong() == price, "auction " + id + ": price is not its last bid");
        report.check(a.get("bidCount").asInt() == bids.size(), "auction " + id + ": bidCount " + a.get("bidCount") + " but " + bids.size() + " bids");
        boolean closed = a.get("status").asText().equals("CLOSED");
        if (bids.isEmpty()) {
            report.check(!closed || a.get("winnerId").isNull(), "auction " + id + " without bids has a winner");
            return 0;
        }
        JsonNode last = bids.get(bids.size() - 1);
        String winningHold = "bid-" + last.get("id").asLong();
        report.check(a.get("highestBidderId").asLong() == last.get("bidderId").asLong(), "auction " + id + ": highest bidder is not the last bid's");
        Reply hold = servicePoints.get("/holds/" + winningHold);
        String expectedHold = closed ? "CAPTURED" : "HELD";
        report.check(hold.status() == 200 && expectedHold.equals(hold.body().get("status").asText()),
                "auction " + id + ": the highest bid's hold is " + hold.body() + ", expected " + expectedHold);
        if (closed) {
            report.check(a.get("winnerId").asLong() == last.get("bidderId").asLong(), "auction " + id + ": winner is not the highest bidder");
            report.check(count(last.get("bidderId").asLong(), "CAPTURE", winningHold) == 1, "auction " + id + ": not exactly one CAPTURE");
            report.check(count(a.get("sellerId").asLong(), "PAYOUT", winningHold) == 1, "auction " + id + ": not exactly one PAYOUT");
            return 0;
        }
        return price;
    }

    private long totalHeld() {
        return charged.keySet().stream().mapToLong(m -> points.points(m).number("held")).sum();
    }

    private long count(long member, String type, String reference) {
        return points.ledger(member).stream()
                .filter(e -> e.get("type").asText().equals(type) && reference.equals(e.get("reference").asText())).count();
    }
}
