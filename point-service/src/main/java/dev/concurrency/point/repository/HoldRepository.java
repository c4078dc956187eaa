package dev.concurrency.point.repository;

import dev.concurrency.point.Hold;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Timestamp;
import java.time.Instant;

@ApplicationScoped
public class HoldRepository implements PanacheRepositoryBase<Hold, String> {

    /** Leaves a VOIDED tombstone unless a row with this id exists already; true if it did so. */
    public boolean voidIfAbsent(String holdId) {
        Timestamp now = Timestamp.from(Instant.now());
        return getEntityManager().createNativeQuery(
                        "INSERT IGNORE INTO point_hold (hold_id, member_id, amount, status, payee_member_id, created_at, updated_at) "
                                + "VALUES (?1, NULL, NULL, 'VOIDED', NULL, ?2, ?2)")
                .setParameter(1, holdId).setParameter(2, now).executeUpdate() == 1;
    }

    /** Inserts the hold unless a row with its id exists already (a void that slipped in); true if inserted. */
    public boolean insertIfAbsent(Hold h) {
        return getEntityManager().createNativeQuery(
                        "INSERT IGNORE INTO point_hold (hold_id, member_id, amount, status, payee_member_id, created_at, updated_at) "
                                + "VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?5)")
                .setParameter(1, h.holdId).setParameter(2, h.memberId).setParameter(3, h.amount)
                .setParameter(4, h.status.name()).setParameter(5, Timestamp.from(h.createdAt)).executeUpdate() == 1;
    }
}
