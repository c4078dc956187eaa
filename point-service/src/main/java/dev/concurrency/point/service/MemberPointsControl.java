package dev.concurrency.point.service;

import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.Points;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The contended operation of point-service: changing members' points. How concurrent changes are kept
 * apart is one implementation per {@link dev.concurrency.support.control.ConcurrencyControl}, chosen by
 * {@code points.concurrency-control} (see {@link PointsStrategies}); every change of every endpoint
 * goes through the one chosen, so they never mix.
 */
public interface MemberPointsControl {

    /**
     * Runs {@code work} as one transaction (the optimistic strategy: as many attempts as it takes) in
     * which the given members' points change only through the writer it is handed.
     *
     * @param memberIds distinct and sorted, so that locks are always taken in the same order
     * @param maxWait   how long the work may wait for its turn (the lock strategies queue it, see
     *                  {@link dev.concurrency.support.control.CombiningQueue}); refused as OVERLOADED after that
     */
    <T> T guarded(List<Long> memberIds, Duration maxWait, Function<PointsWriter, T> work);

    /** How many changes of exactly these members wait in this process now (0 where nothing queues). */
    default int waiting(List<Long> memberIds) {
        return 0;
    }

    /** Changes one member's points inside guarded work. */
    interface PointsWriter {

        /**
         * Applies the change to the member's current points and writes them; refuses by the rules of
         * {@link Points}. {@code beforeWrite} runs between the read and the write (the fault-injection
         * pause that lets a test freeze a holder exactly there).
         */
        Points apply(long memberId, PointChange change, Runnable beforeWrite);

        /** The fencing token the member's change is written under; 0 when the strategy has none (the ledger records it). */
        default long token(long memberId) {
            return 0;
        }

        /** Appends the change's ledger entry in the same transaction (a batch writes all of its entries at its end). */
        default void log(LedgerEntry entry) {
            entry.persist();
        }
    }
}
