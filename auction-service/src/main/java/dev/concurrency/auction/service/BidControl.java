package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.lock.FencingToken;

import java.util.function.Function;

/**
 * The contended operation of auction-service: bids against the same price. One implementation per
 * {@link dev.concurrency.support.control.ConcurrencyControl}, chosen by {@code auctions.concurrency-control}
 * (see {@link BidStrategies}). A bid is placed in three steps (record it, hold the points at
 * point-service, accept it); the Redis-lock strategies serialize the whole placement, the database
 * strategies let placements overlap and decide in the accept step, which re-checks the rules against
 * the auction as it is then.
 */
public interface BidControl {

    /**
     * Runs a bid's whole placement. The lock strategies hold the auction's lock around it (after
     * {@code beforeClaim}, which refuses a bid that queued past the end) and hand it their token;
     * the others run it as it is, with a null token.
     */
    <T> T placement(long auctionId, Runnable beforeClaim, Function<FencingToken, T> placement);

    /**
     * Whether {@link #placement} serializes whole placements (the lock strategies): the bids waiting
     * for one auction in a process are then combined into batches under one lock hand-off.
     */
    default boolean serializesPlacements() {
        return true;
    }

    /** Runs the accept step as one transaction (optimistic strategies: as many attempts as it takes). */
    <T> T acceptance(long auctionId, FencingToken token, Function<AuctionWriter, T> work);

    /** Reads and writes the auction inside the accept step. */
    interface AuctionWriter {

        /** The auction as it is now (detached: only {@link #write} stores changes). */
        Auction read(long auctionId);

        /** Stores the changed auction; an optimistic strategy throws a WriteConflict if it changed since {@link #read}. */
        void write(Auction changed);

        /** False only without control: the accept step then trusts the rules checked before the hold. */
        default boolean rechecksRules() {
            return true;
        }
    }
}
