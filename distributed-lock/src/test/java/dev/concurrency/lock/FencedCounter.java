package dev.concurrency.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A row guarded by a lock, written with the fencing protocol the services use:
 * claim (stamp the token, refused if a newer one is there), read, then write only if the row
 * still carries the token. Also offers the unfenced write, for the negative controls.
 */
final class FencedCounter {

    private final String table;

    FencedCounter(String table) {
        this.table = table;
    }

    void create(long id) throws SQLException {
        try (Connection c = TestInfra.db(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (id BIGINT PRIMARY KEY, value BIGINT NOT NULL, fence_token BIGINT NOT NULL DEFAULT 0)");
            s.execute("DELETE FROM " + table + " WHERE id = " + id);
            s.execute("INSERT INTO " + table + " (id, value) VALUES (" + id + ", 0)");
        }
    }

    /** Stamps the token on the row, committed at once; false if a newer holder already did. */
    boolean claim(Connection c, long id, FencingToken token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + table + " SET fence_token = ? WHERE id = ? AND fence_token < ?")) {
            ps.setLong(1, token.value());
            ps.setLong(2, id);
            ps.setLong(3, token.value());
            return ps.executeUpdate() == 1;
        }
    }

    long read(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM " + table + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Writes only if the row still carries this holder's token. */
    boolean fencedWrite(Connection c, long id, long value, FencingToken token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + table + " SET value = ? WHERE id = ? AND fence_token = ?")) {
            ps.setLong(1, value);
            ps.setLong(2, id);
            ps.setLong(3, token.value());
            return ps.executeUpdate() == 1;
        }
    }

    void unfencedWrite(Connection c, long id, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET value = ? WHERE id = ?")) {
            ps.setLong(1, value);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    long value(long id) throws SQLException {
        try (Connection c = TestInfra.db()) {
            return read(c, id);
        }
    }
}
