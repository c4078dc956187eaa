package dev.concurrency.point.api;

/**
 * {@code {"paymentId","memberId","amount","status"}}: a payment as point-service answers it.
 * memberId and amount are null for a tombstone (refunded before it ever arrived: VOIDED).
 */
public record PaymentView(String paymentId, Long memberId, Long amount, PaymentStatus status) {
}
