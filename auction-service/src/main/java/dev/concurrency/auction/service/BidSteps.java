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
import dev.concurrency.auction.service.BidControl.BidAttempt;
import dev.concurrency.auction.service.BidControl.Decision;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The three steps of placing one bid, which every {@link BidControl} strategy runs in its own way:
 * <ol>
 *   <li>check the rules against the current price and record the bid HOLDING;</li>
 *   <li>hold the bidder's amount at point-service ({@code bid-{id}}): a bid is backed before it counts;</li>
 *   <li>accept it: it outbids the current price (recorded as its {@code previousPrice}, unique per
 *       auction), and the outbid bidder's hold is released by a durable task after the commit.
 *       If the hold was refused, or its outcome is unknown, or (database strategies) another bid got
 *       in first, the bid is rejected and whatever may be held is released by the same kind of task.</li>
 * </ol>
 * The ids of the hold tasks a placement stores are added to {@code taskIds}; the strategy runs them
 * once its lock, if any, is released ({@link #runTasks}).
 */
@ApplicationScoped
class BidSteps {

    /** How a strategy runs the accept step: in which transaction (how many attempts) and with which writer. */
    @FunctionalInterface
    interface Acceptance {
        Decision run(Function<AuctionWriter, Decision> accept);
    }

    private final AuctionRepository auctions;
    private final BidRepository bids;
    private final HoldTaskRepository tasks;
    private final HoldTaskWorker holdTasks;
    private final PointServiceClient points;
    private final Idempotency idempotency;

    BidSteps(AuctionRepository auctions, BidRepository bids, HoldTaskRepository tasks, HoldTaskWorker holdTasks,
            PointServiceClient points, Idempotency idempotency) {
        this.auctions = auctions;
        this.bids = bids;
        this.tasks = tasks;
        this.holdTasks = holdTasks;
        this.points = points;
        this.idempotency = idempotency;
    }

    /** Runs the three steps; a refusal found before the hold is thrown, one found after it is the decision. */
    Decision place(BidAttempt attempt, Acceptance acceptance, List<Long> taskIds) {
        Bid bid = QuarkusTransaction.requiringNew().call(() -> {
            idempotency.replayIfAnswered(attempt.key());
            Auction auction = auctions.require(attempt.auctionId());
            KnownAuction.of(auction).refuseFinally(attempt.bidderId(), attempt.amount(), attempt.expectedPrice(), Instant.now());
            ApiException lost = lostTheRace(auction, attempt.bidderId(), attempt.amount(), attempt.expectedPrice());
            if (lost != null) {
                throw lost;
            }
            Bid holding = new Bid();
            holding.auctionId = attempt.auctionId();
            holding.bidderId = attempt.bidderId();
            holding.amount = attempt.amount();
            holding.status = BidStatus.HOLDING;
            holding.createdAt = Instant.now();
            bids.persist(holding);
            return holding;
        });
        HoldOutcome.Answer held = points.hold(bid.holdId(), attempt.bidderId(), attempt.amount());
        return switch (held.outcome()) {
            case DONE -> acceptance.run(writer -> accept(writer, attempt, bid.id, taskIds));
            case REFUSED -> reject(bid.id, false, taskIds,
                    ProblemCode.find(held.code(), AuctionProblem.MEMBER_NOT_FOUND, AuctionProblem.INSUFFICIENT_POINTS)
                            .orElseGet(() -> ProblemCode.of(held.code(), 409, "point-service refused the hold")),
                    "point-service refused the hold: " + held.code());
            // Maybe held, maybe not: release (void) it for sure, and refuse the bid.
            case CANCELLED, UNKNOWN -> reject(bid.id, true, taskIds, CommonProblem.SERVICE_UNAVAILABLE,
                    "the bid's points could not be held now; try again");
        };
    }

    // Under the lock strategies nothing can have changed since the rules were checked, but the end;
    // the database strategies re-check everything here, against the auction as it is now.
    private Decision accept(AuctionWriter writer, BidAttempt attempt, long bidId, List<Long> taskIds) {
        taskIds.clear(); // an optimistic retry starts again: the tasks of the attempt that rolled back were never stored
        long auctionId = attempt.auctionId();
        Auction auction = writer.read(auctionId);
        Bid bid = bids.findById(bidId);
        ApiException refusal = null;
        if (auction.hasEnded(Instant.now())) {
            refusal = new ApiException(AuctionProblem.AUCTION_CLOSED, "auction " + auctionId + " ended while the bid was being backed");
        } else if (writer.rechecksRules()) {
            refusal = lostTheRace(auction, bid.bidderId, bid.amount, attempt.expectedPrice());
        }
        if (refusal != null) {
            bid.status = BidStatus.REJECTED;
            taskIds.add(tasks.add(HoldTask.release(bid.holdId())).id);
            return Decision.refused(refusal);
        }
        return Decision.accepted(idempotency.once(attempt.key(), () -> {
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

    /** The auction as committed now, read in its own transaction. */
    Auction readCommitted(long auctionId) {
        return QuarkusTransaction.requiringNew().call(() -> auctions.requireForWrite(auctionId));
    }

    /** Runs the stored hold tasks now (after the lock's release); those that fail are retried by {@link HoldTaskWorker}. */
    void runTasks(List<Long> taskIds) {
        holdTasks.runNow(taskIds);
    }

    /** Why a bid that passed the final rules cannot win against the auction as it is now, or null if it can. */
    static ApiException lostTheRace(Auction auction, long bidderId, long amount, Long expectedPrice) {
        if (auction.highestBidderId != null && auction.highestBidderId == bidderId) {
            return new ApiException(AuctionProblem.ALREADY_HIGHEST_BIDDER, "member " + bidderId + " already holds the highest bid");
        }
        if (expectedPrice != null && expectedPrice != auction.currentPrice) {
            return new ApiException(AuctionProblem.PRICE_CHANGED, "the price is " + auction.currentPrice + ", not " + expectedPrice)
                    .with("currentPrice", auction.currentPrice);
        }
        if (amount < auction.lowestAcceptableBid()) {
            return new ApiException(AuctionProblem.BID_TOO_LOW, "a bid must be at least " + auction.lowestAcceptableBid())
                    .with("currentPrice", auction.currentPrice);
        }
        return null;
    }
}
