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
import dev.concurrency.support.control.CombiningConfig;
import dev.concurrency.lock.combining.CombiningQueue;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.idempotency.IdempotentReplay;
import dev.concurrency.support.idempotency.PendingKey;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

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
    private final CombiningQueue<BidBatch> queue;
    /** What this process last saw committed of each auction: prices only rise, so an older price is a safe floor. */
    private final Map<Long, KnownAuction> known = new ConcurrentHashMap<>();
    static final int KNOWN_AUCTIONS = 10_000;

    Bidding(AuctionRepository auctions, BidRepository bids, HoldTaskRepository tasks, HoldTasks holdTasks,
            PointServiceClient points, BidControl control, Idempotency idempotency, CombiningConfig combining,
            MeterRegistry registry) {
        this.auctions = auctions;
        this.bids = bids;
        this.tasks = tasks;
        this.holdTasks = holdTasks;
        this.points = points;
        this.control = control;
        this.idempotency = idempotency;
        this.queue = new CombiningQueue<>("auction", combining.limits(), this::runBatch, registry);
    }

    public BidView bid(long auctionId, long bidderId, long amount, Long expectedPrice) {
        // Refusals that are already final need no lock: prices only rise and an ended auction
        // never reopens, so a bid that is too low, late or against an older price now stays so.
        KnownAuction seen = known(auctionId);
        seen.refuseFinally(bidderId, amount, expectedPrice, Instant.now());

        BidAttempt attempt = new BidAttempt(auctionId, bidderId, amount, expectedPrice, Idempotency.current());
        Decision decision = control.serializesPlacements()
                ? queue.submit(Long.toString(auctionId), batch -> placeInBatch(batch, attempt))
                : placeAlone(attempt, seen.endsAt());
        if (decision.refusal() != null) {
            throw decision.refusal();
        }
        remember(decision.accepted());
        return decision.accepted();
    }

    /** One bid as it was asked, with the Idempotency-Key of its request (it may run in a batch another request leads). */
    private record BidAttempt(long auctionId, long bidderId, long amount, Long expectedPrice, PendingKey key) {
    }

    /**
     * What a batch of bids shares while it holds the auction's lock: the token, the auction as last
     * committed (kept up to date by the batch's own accepts), and the hold tasks to run after the release.
     */
    private static final class BidBatch {
        final FencingToken token;
        final List<Long> taskIds = new ArrayList<>();
        Auction auction;

        BidBatch(FencingToken token, Auction auction) {
            this.token = token;
            this.auction = auction;
        }
    }

    /**
     * The lock strategies' pipeline: one lock hand-off (and claim) for every bid waiting for the
     * auction in this process. Each bid is checked in arrival order against the auction as committed;
     * one that cannot win now is refused in memory (PRICE_CHANGED, BID_TOO_LOW, ...) with no hold
     * taken; one that can is placed (recorded, its points held at point-service, accepted), and the
     * next are checked against the price it set. If its hold is refused, the next valid bid is tried.
     */
    private void runBatch(String key, Supplier<List<CombiningQueue.Operation<BidBatch, ?>>> take) {
        long auctionId = Long.parseLong(key);
        List<Long> taskIds = new ArrayList<>();
        try {
            // The batch is taken once the lock is ours: the bids that queued meanwhile join it.
            control.placement(auctionId, take::get, token -> {
                List<CombiningQueue.Operation<BidBatch, ?>> batch = take.get();
                BidBatch shared = new BidBatch(token, readCommitted(auctionId));
                known.merge(auctionId, KnownAuction.of(shared.auction), KnownAuction::newer);
                for (CombiningQueue.Operation<BidBatch, ?> op : batch) {
                    try {
                        op.succeed(op.runIn(shared));
                    } catch (ApiException | IdempotentReplay refusal) {
                        op.fail(refusal);
                    } catch (RuntimeException failure) {
                        op.fail(failure);
                        shared.auction = readCommitted(auctionId); // whatever that bid left, start again from what is committed
                    }
                }
                taskIds.addAll(shared.taskIds);
                return null;
            });
        } finally {
            holdTasks.runNow(taskIds);
        }
    }

    private Decision placeInBatch(BidBatch batch, BidAttempt bid) {
        Auction auction = batch.auction;
        Instant now = Instant.now();
        KnownAuction.of(auction).refuseFinally(bid.bidderId(), bid.amount(), bid.expectedPrice(), now);
        ApiException lost = lostTheRace(auction, bid.bidderId(), bid.amount(), bid.expectedPrice());
        if (lost != null) {
            return Decision.refused(lost);
        }
        Decision decision = place(bid, batch.token, batch.taskIds);
        if (decision.accepted() != null) {
            batch.auction = readCommitted(bid.auctionId()); // the next bids are checked against the price this one set
        }
        return decision;
    }

    /** The database strategies: placements overlap, and the accept step decides. */
    private Decision placeAlone(BidAttempt bid, Instant endsAt) {
        List<Long> taskIds = new ArrayList<>();
        try {
            return control.placement(bid.auctionId(),
                    // Bidders queued before the end leave at once after it, so the close is not kept waiting.
                    () -> {
                        if (!Instant.now().isBefore(endsAt)) {
                            throw new ApiException(AuctionProblem.AUCTION_CLOSED, "auction " + bid.auctionId() + " has ended");
                        }
                    },
                    token -> place(bid, token, taskIds));
        } finally {
            holdTasks.runNow(taskIds);
        }
    }

    private Auction readCommitted(long auctionId) {
        return QuarkusTransaction.requiringNew().call(() -> auctions.requireForWrite(auctionId));
    }

    private Decision place(BidAttempt attempt, FencingToken token, List<Long> taskIds) {
        long auctionId = attempt.auctionId();
        long bidderId = attempt.bidderId();
        long amount = attempt.amount();
        Long expectedPrice = attempt.expectedPrice();
        Bid bid = QuarkusTransaction.requiringNew().call(() -> {
            idempotency.replayIfAnswered(attempt.key());
            Auction auction = auctions.require(auctionId);
            KnownAuction.of(auction).refuseFinally(bidderId, amount, expectedPrice, Instant.now());
            ApiException lost = lostTheRace(auction, bidderId, amount, expectedPrice);
            if (lost != null) {
                throw lost;
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
            case DONE -> control.acceptance(auctionId, token, writer -> accept(writer, auctionId, bid.id, expectedPrice, attempt.key(), taskIds));
            case REFUSED -> reject(bid.id, false, taskIds, switch (held.code()) {
                case "MEMBER_NOT_FOUND" -> AuctionProblem.MEMBER_NOT_FOUND;
                case "INSUFFICIENT_POINTS" -> AuctionProblem.INSUFFICIENT_POINTS;
                default -> ProblemCode.of(held.code(), 409, "point-service refused the hold");
            }, "point-service refused the hold: " + held.code());
            // Maybe held, maybe not: release (void) it for sure, and refuse the bid.
            case CANCELLED, UNKNOWN -> reject(bid.id, true, taskIds, CommonProblem.SERVICE_UNAVAILABLE,
                    "the bid's points could not be held now; try again");
        };
    }

    // Under the lock strategies nothing can have changed since the rules were checked, but the end;
    // the database strategies re-check everything here, against the auction as it is now.
    private Decision accept(AuctionWriter writer, long auctionId, long bidId, Long expectedPrice, PendingKey key, List<Long> taskIds) {
        taskIds.clear(); // an optimistic retry starts again: the tasks of the attempt that rolled back were never stored
        Auction auction = writer.read(auctionId);
        Bid bid = bids.findById(bidId);
        ApiException refusal = null;
        if (auction.hasEnded(Instant.now())) {
            refusal = new ApiException(AuctionProblem.AUCTION_CLOSED, "auction " + auctionId + " ended while the bid was being backed");
        } else if (writer.rechecksRules()) {
            refusal = lostTheRace(auction, bid.bidderId, bid.amount, expectedPrice);
        }
        if (refusal != null) {
            bid.status = BidStatus.REJECTED;
            taskIds.add(tasks.add(HoldTask.release(bid.holdId())).id);
            return Decision.refused(refusal);
        }
        return Decision.accepted(idempotency.once(key, () -> {
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

    /** Why a bid that passed the final rules cannot win against the auction as it is now, or null if it can. */
    private static ApiException lostTheRace(Auction auction, long bidderId, long amount, Long expectedPrice) {
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

    private KnownAuction known(long auctionId) {
        KnownAuction cached = known.get(auctionId);
        if (cached != null) {
            return cached;
        }
        if (known.size() >= KNOWN_AUCTIONS) {
            known.clear(); // a cache of hints, not of truth: forgetting costs one read per auction
        }
        // One read per auction however many bids arrive at once (the others wait for it); a 404 stores nothing.
        return known.computeIfAbsent(auctionId,
                id -> KnownAuction.of(QuarkusTransaction.requiringNew().call(() -> auctions.require(id))));
    }

    private void remember(BidView accepted) {
        known.computeIfPresent(accepted.auctionId(), (id, k) -> k.newer(k.withPrice(accepted.amount())));
    }
}
