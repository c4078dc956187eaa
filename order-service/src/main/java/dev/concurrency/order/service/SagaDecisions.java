package dev.concurrency.order.service;

import dev.concurrency.order.client.PaymentOutcome;
import dev.concurrency.support.work.Backoff;

import java.time.Duration;

/**
 * The saga's transitions as plain functions of what point-service answered: what {@link OrderSaga}
 * does next. Kept apart from the I/O so that every transition is unit-tested.
 */
final class SagaDecisions {

    /** The saga's next move. */
    enum Next {
        /** The payment is made: the order is COMPLETED. */
        COMPLETE,
        /** No points are or will be taken: restore the stock, CANCELLED. */
        COMPENSATE,
        /** The payment never arrived: void it (so a late one is refused), then compensate. */
        VOID_THEN_COMPENSATE,
        /** Nothing reliable is known: stay as is, try again later. */
        POSTPONE
    }

    private SagaDecisions() {
    }

    /** After step 2's POST /payments (from the request that placed the order). */
    static Next afterPaying(PaymentOutcome outcome) {
        return switch (outcome) {
            case PAID -> Next.COMPLETE;
            case REFUSED, CANCELLED -> Next.COMPENSATE;
            // Never "not found" as an answer to paying; if it were, nothing is known for sure.
            case NOT_FOUND, UNKNOWN -> Next.POSTPONE;
        };
    }

    /** After the recovery worker asked for the payment of an order left PAYING. */
    static Next afterStatusCheck(PaymentOutcome outcome) {
        return switch (outcome) {
            case PAID -> Next.COMPLETE;
            case REFUSED, CANCELLED -> Next.COMPENSATE;
            case NOT_FOUND -> Next.VOID_THEN_COMPENSATE;
            case UNKNOWN -> Next.POSTPONE;
        };
    }

    /** After a refund (member's cancel) or a void (recovery): only a confirmed "no points taken" moves on. */
    static Next afterRefund(PaymentOutcome outcome) {
        return outcome == PaymentOutcome.CANCELLED ? Next.COMPENSATE : Next.POSTPONE;
    }

    /** 1 s, 2 s, 4 s … up to the maximum (in whole milliseconds), between attempts of one order. */
    static Duration backoff(int attempts, Duration max) {
        return Backoff.exponential(Duration.ofMillis(500), Duration.ofMillis(max.toMillis())).after(Math.max(attempts, 1));
    }
}
