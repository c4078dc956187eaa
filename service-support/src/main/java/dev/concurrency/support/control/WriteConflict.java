package dev.concurrency.support.control;

import java.sql.SQLException;

/**
 * An optimistic write found its row changed since it was read: the transaction is rolled back and
 * {@link GuardedTransactions#retryingOnConflict} runs it again from the start.
 */
public class WriteConflict extends RuntimeException {

    /** MariaDB's ER_CHECKREAD: "Record has changed since last read". */
    static final int CHANGED_SINCE_READ = 1020;

    public WriteConflict(String resource) {
        super(resource + " changed since it was read", null, false, false);
    }

    /**
     * Whether the database refused a write because the row changed after this transaction's snapshot
     * read it: MariaDB with {@code innodb_snapshot_isolation} (on by default from 11.6) does so where
     * other databases let the write through. The write was not made; the transaction is rolled back.
     */
    public static boolean changedSinceRead(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == CHANGED_SINCE_READ) {
                return true;
            }
        }
        return false;
    }
}
