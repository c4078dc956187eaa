package dev.concurrency.point.service;

import dev.concurrency.point.PointChange;
import dev.concurrency.point.Points;

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
     */
    <T> T guarded(List<Long> memberIds, Function<PointsWriter, T> work);

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
    }
}
