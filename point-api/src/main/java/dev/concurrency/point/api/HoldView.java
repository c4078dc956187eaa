package dev.concurrency.point.api;

/**
 * {@code {"holdId","memberId","amount","status"}}: a hold as point-service answers it.
 * memberId and amount are null for a tombstone (released before it ever arrived: VOIDED).
 */
public record HoldView(String holdId, Long memberId, Long amount, HoldStatus status) {
}
