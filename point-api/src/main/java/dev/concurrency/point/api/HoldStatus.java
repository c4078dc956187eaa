package dev.concurrency.point.api;

public enum HoldStatus {
    /** The points are reserved: held, not available, still in the balance. */
    HELD,
    /** Held, then given back to the available part. */
    RELEASED,
    /** Held, then paid out to the payee. */
    CAPTURED,
    /** Released before it ever arrived: a tombstone that refuses the hold if it comes late. */
    VOIDED
}
