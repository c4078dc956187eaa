package dev.concurrency.support.control;

/**
 * An optimistic write found its row changed since it was read: the transaction is rolled back and
 * {@link GuardedTransactions#retryingOnConflict} runs it again from the start.
 */
public class WriteConflict extends RuntimeException {

    public WriteConflict(String resource) {
        super(resource + " changed since it was read", null, false, false);
    }
}
