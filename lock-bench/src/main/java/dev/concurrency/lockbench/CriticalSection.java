package dev.concurrency.lockbench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What a holder does while it holds the lock; one instance per contender thread. */
interface CriticalSection extends AutoCloseable {

    /**
     * Increments the counter once.
     *
     * @param token the holder's fencing token, 0 for a lock without tokens
     * @return true if the increment was written; false if fencing refused it (a newer holder wrote first)
     */
    boolean run(long token) throws Exception;

    /**
     * Increments the counter {@code n} times as one combined batch: read once, write once, commit once,
     * under one token. All of them are written, or none (fencing refused the write).
     */
    boolean runBatch(int n, long token) throws Exception;

    @Override
    default void close() throws Exception {
    }

    /** Read, +1, write back, commit: one row of {@code lock_bench_counter}, on the thread's own connection. */
    final class Db implements CriticalSection {

        private final Connection connection;
        private final long rowId;
        private final boolean fenced;
        private final PreparedStatement read;
        private final PreparedStatement write;

        Db(Connection connection, String table, long rowId, boolean fenced) throws SQLException {
            this.connection = connection;
            this.rowId = rowId;
            this.fenced = fenced;
            connection.setAutoCommit(false);
            read = connection.prepareStatement("SELECT value FROM " + table + " WHERE id = ?");
            write = connection.prepareStatement(fenced
                    ? "UPDATE " + table + " SET value = ?, fence_token = ? WHERE id = ? AND fence_token < ?"
                    : "UPDATE " + table + " SET value = ? WHERE id = ?");
        }

        @Override
        public boolean run(long token) throws SQLException {
            return runBatch(1, token);
        }

        @Override
        public boolean runBatch(int n, long token) throws SQLException {
            try {
                long value;
                read.setLong(1, rowId);
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("counter row " + rowId + " is missing");
                    }
                    value = rs.getLong(1);
                }
                write.setLong(1, value + n);
                if (fenced) {
                    write.setLong(2, token);
                    write.setLong(3, rowId);
                    write.setLong(4, token);
                } else {
                    write.setLong(2, rowId);
                }
                boolean written = write.executeUpdate() == 1;
                connection.commit();
                return written;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /** The same read, +1, write back on a counter in shared memory: no I/O at all. */
    final class Memory implements CriticalSection {

        private final SharedMemory shared;
        private final boolean fenced;

        Memory(SharedMemory shared, boolean fenced) {
            this.shared = shared;
            this.fenced = fenced;
        }

        @Override
        public boolean run(long token) {
            return shared.incrementCounter(token, fenced);
        }

        /** One read and one write for the whole batch, under one token (one by one, the fence would refuse all but the first). */
        @Override
        public boolean runBatch(int n, long token) {
            return shared.incrementCounter(n, token, fenced);
        }
    }
}
