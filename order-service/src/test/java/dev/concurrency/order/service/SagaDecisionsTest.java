package dev.concurrency.order.service;

import dev.concurrency.order.client.PaymentOutcome;
import dev.concurrency.order.service.SagaDecisions.Next;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every transition of the order saga, without any infrastructure. */
class SagaDecisionsTest {

    @Test
    void afterPaying() {
        assertEquals(Next.COMPLETE, SagaDecisions.afterPaying(PaymentOutcome.PAID));
        assertEquals(Next.COMPENSATE, SagaDecisions.afterPaying(PaymentOutcome.REFUSED), "insufficient points or no member");
        assertEquals(Next.COMPENSATE, SagaDecisions.afterPaying(PaymentOutcome.CANCELLED), "voided before: the payment is refused for good");
        assertEquals(Next.POSTPONE, SagaDecisions.afterPaying(PaymentOutcome.UNKNOWN), "timeout, 5xx, refused connection");
        assertEquals(Next.POSTPONE, SagaDecisions.afterPaying(PaymentOutcome.NOT_FOUND));
    }

    @Test
    void recoveryAsksBeforeItActs() {
        assertEquals(Next.COMPLETE, SagaDecisions.afterStatusCheck(PaymentOutcome.PAID), "it landed: never cancel a paid order");
        assertEquals(Next.COMPENSATE, SagaDecisions.afterStatusCheck(PaymentOutcome.CANCELLED));
        assertEquals(Next.VOID_THEN_COMPENSATE, SagaDecisions.afterStatusCheck(PaymentOutcome.NOT_FOUND),
                "never arrived: void first, so a late arrival is refused");
        assertEquals(Next.POSTPONE, SagaDecisions.afterStatusCheck(PaymentOutcome.UNKNOWN));
    }

    @Test
    void onlyAConfirmedRefundOrVoidMovesOn() {
        assertEquals(Next.COMPENSATE, SagaDecisions.afterRefund(PaymentOutcome.CANCELLED));
        for (PaymentOutcome other : new PaymentOutcome[] {PaymentOutcome.UNKNOWN, PaymentOutcome.PAID, PaymentOutcome.NOT_FOUND, PaymentOutcome.REFUSED}) {
            assertEquals(Next.POSTPONE, SagaDecisions.afterRefund(other), other.name());
        }
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        Duration max = Duration.ofSeconds(10);
        assertEquals(Duration.ofSeconds(1), SagaDecisions.backoff(1, max));
        assertEquals(Duration.ofSeconds(2), SagaDecisions.backoff(2, max));
        assertEquals(Duration.ofSeconds(8), SagaDecisions.backoff(4, max));
        assertEquals(max, SagaDecisions.backoff(5, max));
        assertEquals(max, SagaDecisions.backoff(1_000, max));
    }
}
