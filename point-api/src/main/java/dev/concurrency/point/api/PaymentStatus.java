package dev.concurrency.point.api;

public enum PaymentStatus {
    PAID,
    /** Paid, then the points were given back. */
    REFUNDED,
    /** Refunded before it ever arrived: a tombstone that refuses the payment if it comes late. */
    VOIDED
}
