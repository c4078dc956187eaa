package dev.concurrency.support.control;

/**
 * The ways this project compares of keeping concurrent changes of one row apart (docs/concurrency-analysis.md).
 * Each contended operation (points, stock, bids) has one implementation per constant, chosen by the
 * service's {@code *.concurrency-control} setting; {@link #FENCED_LOCK} is the default.
 */
public enum ConcurrencyControl {
    /** Nothing: a plain read-modify-write. Exists only to show what goes wrong (lost updates, oversold stock). */
    NONE,
    /** {@code SELECT ... FOR UPDATE} on the rows, in id order, at the start of the transaction. */
    PESSIMISTIC_LOCK,
    /** Read with the row's version, write only if it is unchanged, retry the whole transaction if not. */
    OPTIMISTIC_RETRY,
    /** One atomic {@code UPDATE ... SET x = x + d WHERE <rule holds>}; no read-modify-write at all. */
    CONDITIONAL_UPDATE,
    /** A Redis lock per row, released after the commit, but no fencing: a holder whose lease ran out still writes. */
    REDIS_LOCK,
    /** The Redis lock plus fencing tokens checked by every write at the database. */
    FENCED_LOCK
}
