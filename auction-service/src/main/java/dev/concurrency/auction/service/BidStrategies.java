package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.config.AuctionConfig;
import dev.concurrency.auction.repository.AuctionRepository;
import dev.concurrency.auction.service.BidControl.AuctionWriter;
import dev.concurrency.lock.FencedLocks;
import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.StaleFencingTokenException;
import dev.concurrency.lock.combining.CombiningQueue;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.support.control.CombiningConfig;
import dev.concurrency.support.control.GuardedTransactions;
import dev.concurrency.support.idempotency.IdempotentReplay;
import dev.concurrency.support.problem.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The six ways of keeping concurrent bids on one auction apart, side by side, each owning the whole
 * pipeline of a bid; the analysis and the measurements are in docs/concurrency-analysis.md.
 * {@link Selection} picks the configured one.
 */
public final class BidStrategies {

    private BidStrategies() {
    }

    @ApplicationScoped
    static class Selection {
        @Produces
        @ApplicationScoped
        BidControl selected(AuctionConfig config, BidSteps steps, KnownAuctions known, AuctionRepository auctions,
                GuardedTransactions guard, LockedTransaction lockedTransaction, FencedLocks locks,
                CombiningConfig combining, MeterRegistry registry) {
            return switch (config.concurrencyControl()) {
                case NONE -> new NoControl(steps, auctions, guard);
                case PESSIMISTIC_LOCK -> new PessimisticLock(steps, auctions, guard);
                case OPTIMISTIC_RETRY -> new OptimisticRetry(steps, auctions, guard);
                case CONDITIONAL_UPDATE -> new ConditionalUpdate(steps, auctions, guard);
                case REDIS_LOCK -> new LockedBatches(false, steps, known, auctions, guard, lockedTransaction, locks, combining, registry);
                case FENCED_LOCK -> new LockedBatches(true, steps, known, auctions, guard, lockedTransaction, locks, combining, registry);
            };
        }
    }

    /**
     * The database strategies: each bid runs its three steps on its own thread, placements overlap,
     * and the accept step decides, in the transaction {@link #accept} gives it.
     */
    interface Unserialized extends BidControl {

        BidSteps steps();

        /** Runs the accept step as one transaction (optimistic strategies: as many attempts as it takes). */
        Decision accept(long auctionId, Function<AuctionWriter, Decision> work);

        @Override
        default Decision decide(BidAttempt attempt) {
            List<Long> taskIds = new ArrayList<>();
            try {
                return steps().place(attempt, work -> accept(attempt.auctionId(), work), taskIds);
            } finally {
                steps().runTasks(taskIds);
            }
        }
    }

    /** Reads the auction as it is and writes it whatever happened since (the row lock, if any, is the caller's). */
    static AuctionWriter plainWriter(AuctionRepository auctions, boolean rechecksRules) {
        return new AuctionWriter() {
            @Override
            public Auction read(long id) {
                return auctions.requireForWrite(id);
            }

            @Override
            public void write(Auction changed) {
                auctions.writeUnfenced(changed);
            }

            @Override
            public boolean rechecksRules() {
                return rechecksRules;
            }
        };
    }

    /** Placements overlap and each accept writes what it computed: a lower bid can overwrite a higher one. */
    record NoControl(BidSteps steps, AuctionRepository auctions, GuardedTransactions guard) implements Unserialized {
        @Override
        public Decision accept(long auctionId, Function<AuctionWriter, Decision> work) {
            return guard.plain(() -> work.apply(plainWriter(auctions, false)));
        }
    }

    /** Placements overlap; the accept locks the auction row (SELECT ... FOR UPDATE) and re-checks the rules. */
    record PessimisticLock(BidSteps steps, AuctionRepository auctions, GuardedTransactions guard) implements Unserialized {
        @Override
        public Decision accept(long auctionId, Function<AuctionWriter, Decision> work) {
            return guard.plain(() -> {
                auctions.lockForUpdate(auctionId);
                return work.apply(plainWriter(auctions, true));
            });
        }
    }

    /** Placements overlap; the accept writes only if the auction's version is the one it read, else re-reads and re-checks. */
    record OptimisticRetry(BidSteps steps, AuctionRepository auctions, GuardedTransactions guard) implements Unserialized {
        @Override
        public Decision accept(long auctionId, Function<AuctionWriter, Decision> work) {
            return guard.retryingOnConflict("auction " + auctionId, () -> work.apply(new AuctionWriter() {
                private long readVersion;

                @Override
                public Auction read(long id) {
                    Auction auction = auctions.requireForWrite(id);
                    readVersion = auction.rowVersion;
                    return auction;
                }

                @Override
                public void write(Auction changed) {
                    auctions.writeIfUnchanged(changed, readVersion);
                }
            }));
        }
    }

    /**
     * Placements overlap; the accept is one conditional UPDATE that matches only while the auction is
     * open at the price the bid was checked against (a compare-and-set on the price itself, since a
     * bid's rule is relative to it); a miss re-reads, re-checks and tries again.
     */
    record ConditionalUpdate(BidSteps steps, AuctionRepository auctions, GuardedTransactions guard) implements Unserialized {
        @Override
        public Decision accept(long auctionId, Function<AuctionWriter, Decision> work) {
            return guard.retryingOnConflict("auction " + auctionId, () -> work.apply(new AuctionWriter() {
                private long readPrice;
                private int readBidCount;

                @Override
                public Auction read(long id) {
                    Auction auction = auctions.requireForWrite(id);
                    readPrice = auction.currentPrice;
                    readBidCount = auction.bidCount;
                    return auction;
                }

                @Override
                public void write(Auction changed) {
                    auctions.writeIfPriceUnchanged(changed, readPrice, readBidCount);
                }
            }));
        }
    }

    /**
     * The Redis-lock strategies (the default, {@code fenced}: the claim and the accept's write check
     * the lock's token at the database; without it, REDIS_LOCK, nothing does). The bids waiting for one
     * auction in this process are combined: one lock hand-off (and claim) for the whole batch. Each bid
     * is checked in arrival order against the auction as committed; one that cannot win now is refused
     * in memory (PRICE_CHANGED, BID_TOO_LOW, ...) with no hold taken; one that can is placed (recorded,
     * its points held at point-service, accepted), and the next are checked against the price it set.
     * If its hold is refused, the next valid bid is tried. The lock is released before the batch's
     * hold tasks run.
     */
    static final class LockedBatches implements BidControl {

        /** What a batch shares while it holds the lock: the token, and the auction as last committed (kept current by its own accepts). */
        private static final class Batch {
            final FencingToken token;
            final List<Long> taskIds = new ArrayList<>();
            Auction auction;

            Batch(FencingToken token, Auction auction) {
                this.token = token;
                this.auction = auction;
            }
        }

        private final boolean fenced;
        private final BidSteps steps;
        private final KnownAuctions known;
        private final AuctionRepository auctions;
        private final GuardedTransactions guard;
        private final LockedTransaction lockedTransaction;
        private final FencedLocks locks;
        private final CombiningQueue<Batch> queue;

        LockedBatches(boolean fenced, BidSteps steps, KnownAuctions known, AuctionRepository auctions, GuardedTransactions guard,
                LockedTransaction lockedTransaction, FencedLocks locks, CombiningConfig combining, MeterRegistry registry) {
            this.fenced = fenced;
            this.steps = steps;
            this.known = known;
            this.auctions = auctions;
            this.guard = guard;
            this.lockedTransaction = lockedTransaction;
            this.locks = locks;
            this.queue = new CombiningQueue<>("auction", combining.limits(), this::runBatch, registry, lockedTransaction.tracer());
        }

        @Override
        public Decision decide(BidAttempt attempt) {
            return queue.submit(Long.toString(attempt.auctionId()), batch -> placeInBatch(batch, attempt));
        }

        private void runBatch(String key, Supplier<List<CombiningQueue.Operation<Batch, ?>>> take) {
            long auctionId = Long.parseLong(key);
            List<Long> taskIds = new ArrayList<>();
            try {
                lockedTransaction.hold(AuctionRepository.lockName(auctionId), locks.settings().waitTimeout(), token -> {
                    take.get(); // the batch is taken once the lock is ours: the bids that queued meanwhile join it
                    if (fenced) {
                        auctions.claim(auctionId, token);
                    }
                }, token -> {
                    Batch batch = new Batch(token, steps.readCommitted(auctionId));
                    known.saw(batch.auction);
                    try {
                        placeAll(auctionId, batch, take.get());
                    } finally {
                        taskIds.addAll(batch.taskIds); // the hold tasks of what was placed, run once the lock is released
                    }
                    return null;
                });
            } finally {
                steps.runTasks(taskIds);
            }
        }

        /** Places the batch's bids in arrival order, each with its own outcome; stops at a lost lock. */
        private void placeAll(long auctionId, Batch batch, List<CombiningQueue.Operation<Batch, ?>> ops) {
            for (int i = 0; i < ops.size(); i++) {
                CombiningQueue.Operation<Batch, ?> op = ops.get(i);
                try {
                    op.succeed(op.runIn(batch));
                } catch (ApiException | IdempotentReplay refusal) {
                    op.fail(refusal);
                } catch (RuntimeException failure) {
                    op.fail(failure);
                    StaleFencingTokenException stale = staleToken(failure);
                    if (stale != null) {
                        // The lock is someone else's now: no later bid of this batch could be accepted (each
                        // would only take a hold to give back). They were not tried: 503, try again.
                        ops.subList(i + 1, ops.size()).forEach(rest -> rest.fail(stale));
                        throw stale;
                    }
                    batch.auction = steps.readCommitted(auctionId); // whatever that bid left, start again from what is committed
                }
            }
        }

        private static StaleFencingTokenException staleToken(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof StaleFencingTokenException stale) {
                    return stale;
                }
            }
            return null;
        }

        private Decision placeInBatch(Batch batch, BidAttempt bid) {
            // Nothing but the end can change under the lock: the bid is checked in memory first.
            KnownAuction.of(batch.auction).refuseFinally(bid.bidderId(), bid.amount(), bid.expectedPrice(), Instant.now());
            ApiException lost = BidSteps.lostTheRace(batch.auction, bid.bidderId(), bid.amount(), bid.expectedPrice());
            if (lost != null) {
                return Decision.refused(lost);
            }
            List<Long> taskIds = new ArrayList<>(); // this bid's own: an accept that starts again clears only its own
            Decision decision;
            try {
                decision = steps.place(bid, work -> guard.plain(() -> work.apply(writer(batch.token))), taskIds);
            } finally {
                batch.taskIds.addAll(taskIds);
            }
            if (decision.accepted() != null) {
                batch.auction = steps.readCommitted(bid.auctionId()); // the next bids are checked against the price this one set
            }
            return decision;
        }

        private AuctionWriter writer(FencingToken token) {
            if (!fenced) {
                return plainWriter(auctions, true);
            }
            return new AuctionWriter() {
                @Override
                public Auction read(long id) {
                    return auctions.requireForWrite(id);
                }

                @Override
                public void write(Auction changed) {
                    auctions.write(changed, token);
                }
            };
        }
    }
}
