package dev.concurrency.point.repository;

import dev.concurrency.point.Settlement;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The two inserts a settlement's table needs, which never fail the transaction when the id is taken
 * ({@code INSERT IGNORE}): the first row written for an id decides, whoever wrote it.
 */
final class SettlementRows {

    private final String insertVoid;
    private final String insertMade;

    SettlementRows(String table, String idColumn) {
        String columns = " (" + idColumn + ", member_id, amount, status, created_at, updated_at) ";
        this.insertVoid = "INSERT IGNORE INTO " + table + columns + "VALUES (?1, NULL, NULL, 'VOIDED', ?2, ?2)";
        this.insertMade = "INSERT IGNORE INTO " + table + columns + "VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
    }

    /** Leaves a VOIDED tombstone unless a row with this id exists already; true if it did so. */
    boolean voidIfAbsent(EntityManager em, String id) {
        return em.createNativeQuery(insertVoid).setParameter(1, id).setParameter(2, Timestamp.from(Instant.now()))
                .executeUpdate() == 1;
    }

    /** Inserts the row unless one with its id exists already (a void that slipped in); true if inserted. */
    boolean insertIfAbsent(EntityManager em, Settlement made) {
        return em.createNativeQuery(insertMade).setParameter(1, made.id()).setParameter(2, made.memberId)
                .setParameter(3, made.amount).setParameter(4, made.statusName())
                .setParameter(5, Timestamp.from(made.createdAt)).executeUpdate() == 1;
    }
}
