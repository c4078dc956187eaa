package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.AuctionConfig;
import dev.concurrency.auction.repository.AuctionRepository;
import dev.concurrency.auction.service.BidControl.AuctionWriter;
import dev.concurrency.lock.FencedLocks;
import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.support.control.GuardedTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.function.Function;

/**
 * The six ways of keeping concurrent bids on one auction apart, side by side; the analysis and the
 * measurements are in docs/concurrency-analysis.md. {@link Selection} picks the configured one.
 */
public final class BidStrategies {

    private BidStrategies() {
    }

    @ApplicationScoped
    static class Selection {
        @Produces
        @ApplicationScoped
        BidControl selected(AuctionConfig config, AuctionRepository auctions, GuardedTransactions guard,
                LockedTransaction lockedTransaction, FencedLocks locks) {
            return switch (config.concurrencyControl()) {
                case NONE -> new NoControl(auctions, guard);
                case PESSIMISTIC_LOCK -> new PessimisticLock(auctions, guard);
                case OPTIMISTIC_RETRY -> new OptimisticRetry(auctions, guard);
                case CONDITIONAL_UPDATE -> new ConditionalUpdate(auctions, guard);
                case REDIS_LOCK -> new RedisLock(auctions, guard, lockedTransaction, locks);
                case FENCED_LOCK -> new FencedLock(auctions, guard, lockedTransaction, locks);
            };
        }
    }

    /** The database strategies: placements overlap, and the accept step decides. */
    interface Unserialized extends BidControl {
        @Override
        default boolean serializesPlacements() {
            return false;
        }

        @Override
        default <T> T placement(long auctionId, Runnable beforeClaim, Function<FencingToken, T> placement) {
            beforeClaim.run();
            return placement.apply(null);
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
    record NoControl(AuctionRepository auctions, GuardedTransactions guard) implements Unserialized {
        @Override
        public <T> T acceptance(long auctionId, FencingToken token, Function<AuctionWriter, T> work) {
            return guard.plain(() -> work.apply(plainWriter(auctions, false)));
        }
    }

    /** Placements overlap; the accept locks the auction row (SELECT ... FOR UPDATE) and re-checks the rules. */
    record PessimisticLock(AuctionRepository auctions, GuardedTransactions guard) implements Unserialized {
        @Override
        public <T> T acceptance(long auctionId, FencingToken token, Function<AuctionWriter, T> work) {
            return guard.plain(() -> {
                auctions.lockForUpdate(auctionId);
                return work.apply(plainWriter(auctions, true));
            });
        }
    }

    /** Placements overlap; the accept writes only if the auction's version is the one it read, else re-reads and re-checks. */
    record OptimisticRetry(AuctionRepository auctions, GuardedTransactions guard) implements Unserialized {
        @Override
        public <T> T acceptance(long auctionId, FencingToken token, Function<AuctionWriter, T> work) {
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
    record ConditionalUpdate(AuctionRepository auctions, GuardedTransactions guard) implements Unserialized {
        @Override
        public <T> T acceptance(long auctionId, FencingToken token, Function<AuctionWriter, T> work) {
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

    /** The auction's Redis lock around the whole placement, released after the last commit; no fencing. */
    record RedisLock(AuctionRepository auctions, GuardedTransactions guard, LockedTransaction lockedTransaction, FencedLocks locks)
            implements BidControl {
        @Override
        public <T> T placement(long auctionId, Runnable beforeClaim, Function<FencingToken, T> placement) {
            return lockedTransaction.hold(AuctionRepository.lockName(auctionId), locks.settings().waitTimeout(),
                    token -> beforeClaim.run(), placement);
        }

        @Override
        public <T> T acceptance(long auctionId, FencingToken token, Function<AuctionWriter, T> work) {
            return guard.plain(() -> work.apply(plainWriter(auctions, true)));
        }
    }

    /** The default: the auction's Redis lock around the whole placement, and the accept's write checks the token. */
    record FencedLock(AuctionRepository auctions, GuardedTransactions guard, LockedTransaction lockedTransaction, FencedLocks locks)
            implements BidControl {
        @Override
        public <T> T placement(long auctionId, Runnable beforeClaim, Function<FencingToken, T> placement) {
            return lockedTransaction.hold(AuctionRepository.lockName(auctionId), locks.settings().waitTimeout(),
                    token -> {
                        beforeClaim.run();
                        auctions.claim(auctionId, token);
                    }, placement);
        }

        @Override
        public <T> T acceptance(long auctionId, FencingToken token, Function<AuctionWriter, T> work) {
            return guard.plain(() -> work.apply(new AuctionWriter() {
                @Override
                public Auction read(long id) {
                    return auctions.requireForWrite(id);
                }

                @Override
                public void write(Auction changed) {
                    auctions.write(changed, token);
                }
            }));
        }
    }
}
