package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.support.idempotency.PendingKey;
import dev.concurrency.support.problem.ApiException;

/**
 * The contended operation of auction-service: bids against the same price. One implementation per
 * {@link dev.concurrency.support.control.ConcurrencyControl}, chosen by {@code auctions.concurrency-control}
 * (see {@link BidStrategies}), each owning the whole pipeline of a bid. A bid is placed in three steps
 * ({@link BidSteps}: record it, hold the points at point-service, accept it). The Redis-lock strategies
 * serialize whole placements and combine the bids waiting in a process into batches under one lock
 * hand-off; the database strategies let placements overlap and decide in the accept step, which
 * re-checks the rules against the auction as it is then.
 */
public interface BidControl {

    /** Places the bid or refuses it. Throws only when the outcome is unknown (a failed transaction: nothing applied). */
    Decision decide(BidAttempt attempt);

    /** One bid as it was asked, with the Idempotency-Key of its request (it may run in a batch another request leads). */
    record BidAttempt(long auctionId, long bidderId, long amount, Long expectedPrice, PendingKey key) {
    }

    /** The decision on a bid: its view if accepted, else the refusal. */
    record Decision(BidView accepted, ApiException refusal) {
        static Decision accepted(BidView view) {
            return new Decision(view, null);
        }

        static Decision refused(ApiException refusal) {
            return new Decision(null, refusal);
        }
    }

    /** Reads and writes the auction inside the accept step, as the strategy guards it. */
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
