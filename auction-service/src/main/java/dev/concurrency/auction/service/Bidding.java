package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.AuctionProblem;
import dev.concurrency.auction.Bid;
import dev.concurrency.auction.BidStatus;
import dev.concurrency.auction.HoldTask;
import dev.concurrency.auction.client.HoldOutcome;
import dev.concurrency.auction.client.PointServiceClient;
import dev.concurrency.auction.repository.AuctionRepository;
import dev.concurrency.auction.repository.BidRepository;
import dev.concurrency.auction.repository.HoldTaskRepository;
import dev.concurrency.auction.service.BidControl.AuctionWriter;
import dev.concurrency.lock.FencingToken;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A bid, in three steps, kept apart from other bids and the close by the configured {@link BidControl}
 * (by default the auction's Redis lock around all three, fenced at the database):
 * <ol>
 *   <li>check the rules against the current price and record the bid HOLDING;</li>
 *   <li>hold the bidder's amount at point-service ({@code bid-{id}}): a bid is backed before it counts;</li>
 *   <li>accept it: it outbids the current price (recorded as its {@code previousPrice}, unique per
 *       auction), and the outbid bidder's hold is released by a durable task after the commit.
 *       If the hold was refused, or its outcome is unknown, or (database strategies) another bid got
 *       in first, the bid is rejected and whatever may be held is released by the same kind of task.</li>
 * </ol>
 */
@ApplicationScoped
public class Bidding {

    /** The decision on a bid: its view if accepted, else the refusal. */
    private record Decision(BidView accepted, ApiException refusal) {
        static Decision accepted(BidView view) {
            return new Decision(view, null);
        }

        static Decision refused(ApiException refusal) {
            return new Decision(null, refusal);
        }
    }

    private final AuctionRepository auctions;
    private final BidRepository bids;
    private final HoldTaskRepository tasks;
    private final HoldTasks holdTasks;
    private final PointServiceClient points;
    private final BidControl control;
    private final Idempotency idempotency;

    Bidding(AuctionRepository auctions, BidRepository bids, HoldTaskRepository tasks, HoldTasks holdTasks,
            PointServiceClient points, BidControl control, Idempotency idempotency) {
        this.auctions = auctions;
        this.bids = bids;
        this.tasks = tasks;
        this.holdTasks = holdTasks;
        this.points = points;
        this.control = control;
        this.idempotency = idempotency;
    }

    public BidView bid(long auctionId, long bidderId, long amount, Long expectedPrice) {
        // Refusals that are already final need no lock: prices only rise and an ended auction
        // never reopens, so a bid that is too low, late or against a stale price now stays so.
        Auction seen = QuarkusTransaction.requiringNew().call(() -> auctions.require(auctionId));
        checkFinalRules(seen, bidderId, amount, expectedPrice, Instant.now());

        List<Long> taskIds = new ArrayList<>();
        Decision decision;
        try {
            decision = control.placement(auctionId,
                    // Bidders queued before the end leave at once after it, so the close is not kept waiting.
                    () -> {
                        if (!Instant.now().isBefore(seen.endsAt)) {
                            throw new ApiException(AuctionProblem.AUCTION_CLOSED, "auction " + auctionId + " has ended");
                        }
                    },
                    token -> place(auctionId, bidderId, amount, expectedPrice, token, taskIds));
        } finally {
            holdTasks.runNow(taskIds);
        }
        if (decision.refusal() != null) {
            throw decision.refusal();
        }
        return decision.accepted();
    }

    private Decision place(long auctionId, long bidderId, long amount, Long expectedPrice, FencingToken token,
            List<Long> taskIds) {
        Bid bid = QuarkusTransaction.requiringNew().call(() -> {
            idempotency.replayIfAnswered();
            Auction auction = auctions.require(auctionId);
            checkFinalRules(auction, bidderId, amount, expectedPrice, Instant.now());
            if (auction.highestBidderId != null && auction.highestBidderId == bidderId) {
                throw new ApiException(AuctionProblem.ALREADY_HIGHEST_BIDDER, "member " + bidderId + " already holds the highest bid");
            }
            Bid holding = new Bid();
            holding.auctionId = auctionId;
            holding.bidderId = bidderId;
            holding.amount = amount;
            holding.status = BidStatus.HOLDING;
            holding.createdAt = Instant.now();
            bids.persist(holding);
            return holding;
        });
        HoldOutcome.Answer held = points.hold(bid.holdId(), bidderId, amount);
        return switch (held.outcome()) {
            case DONE -> control.acceptance(auctionId, token, writer -> accept(writer, auctionId, bid.id, expectedPrice, taskIds));
            case REFUSED -> reject(bid.id, false, taskIds, "MEMBER_NOT_FOUND".equals(held.code())
                    ? AuctionProblem.MEMBER_NOT_FOUND : AuctionProblem.INSUFFICIENT_POINTS, "point-service refused the hold: " + held.code());
            // Maybe held, maybe not: release (void) it for sure, and refuse the bid.
            case CANCELLED, UNKNOWN -> reject(bid.id, true, taskIds, CommonProblem.SERVICE_UNAVAILABLE,
                    "the bid's points could not be held now; try again");
        };
    }

    // Under the lock strategies nothing can have changed since the rules were checked, but the end;
    // the database strategies re-check everything here, against the auction as it is now.
    private Decision accept(AuctionWriter writer, long auctionId, long bidId, Long expectedPrice, List<Long> taskIds) {
        taskIds.clear(); // an optimistic retry starts again: the tasks of the attempt that rolled back were never stored
        Auction auction = writer.read(auctionId);
        Bid bid = bids.findById(bidId);
        ApiException refusal = null;
        if (auction.hasEnded(Instant.now())) {
            refusal = new ApiException(AuctionProblem.AUCTION_CLOSED, "auction " + auctionId + " ended while the bid was being backed");
        } else if (writer.rechecksRules()) {
            refusal = lostTheRace(auction, bid, expectedPrice);
        }
        if (refusal != null) {
            bid.status = BidStatus.REJECTED;
            taskIds.add(tasks.add(HoldTask.release(bid.holdId())).id);
            return Decision.refused(refusal);
        }
        return Decision.accepted(idempotency.once(() -> {
            Long outbid = auction.highestBidId;
            bid.status = BidStatus.ACCEPTED;
            bid.previousPrice = auction.currentPrice;
            auction.currentPrice = bid.amount;
            auction.highestBidderId = bid.bidderId;
            auction.highestBidId = bid.id;
            auction.bidCount++;
            writer.write(auction);
            bids.flush(); // the unique (auction, previous price) is the last guard: it fails here, not later
            if (outbid != null) {
                taskIds.add(tasks.add(HoldTask.release(Bid.holdId(outbid))).id);
            }
            return BidView.of(bid);
        }));
    }

    private Decision reject(long bidId, boolean release, List<Long> taskIds, ProblemCode refusal, String detail) {
        QuarkusTransaction.requiringNew().run(() -> {
            Bid bid = bids.findById(bidId);
            bid.status = BidStatus.REJECTED;
            if (release) {
                taskIds.add(tasks.add(HoldTask.release(bid.holdId())).id);
            }
        });
        return Decision.refused(new ApiException(refusal, detail));
    }

    /** Why a bid that passed the rules before its hold may no longer be accepted: another bid got in first. */
    private static ApiException lostTheRace(Auction auction, Bid bid, Long expectedPrice) {
        if (auction.highestBidderId != null && auction.highestBidderId == bid.bidderId) {
            return new ApiException(AuctionProblem.ALREADY_HIGHEST_BIDDER, "member " + bid.bidderId + " already holds the highest bid");
        }
        if (expectedPrice != null && expectedPrice != auction.currentPrice) {
            return new ApiException(AuctionProblem.PRICE_CHANGED, "the price is " + auction.currentPrice + ", not " + expectedPrice)
                    .with("currentPrice", auction.currentPrice);
        }
        if (bid.amount < auction.lowestAcceptableBid()) {
            return new ApiException(AuctionProblem.BID_TOO_LOW, "a bid must be at least " + auction.lowestAcceptableBid())
                    .with("currentPrice", auction.currentPrice);
        }
        return null;
    }

    /** The rules whose refusal can never turn into an acceptance later. */
    private static void checkFinalRules(Auction auction, long bidderId, long amount, Long expectedPrice, Instant now) {
        if (auction.hasEnded(now)) {
            throw new ApiException(AuctionProblem.AUCTION_CLOSED, "auction " + auction.id + " has ended");
        }
        if (auction.sellerId == bidderId) {
            throw new ApiException(AuctionProblem.SELLER_CANNOT_BID, "member " + bidderId + " sells this auction");
        }
        if (expectedPrice != null && expectedPrice != auction.currentPrice) {
            throw new ApiException(AuctionProblem.PRICE_CHANGED, "the price is " + auction.currentPrice + ", not " + expectedPrice)
                    .with("currentPrice", auction.currentPrice);
        }
        if (amount < auction.lowestAcceptableBid()) {
            throw new ApiException(AuctionProblem.BID_TOO_LOW, "a bid must be at least " + auction.lowestAcceptableBid())
                    .with("currentPrice", auction.currentPrice);
        }
    }
}
