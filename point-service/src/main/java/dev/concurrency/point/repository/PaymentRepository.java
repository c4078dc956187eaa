package dev.concurrency.point.repository;

import dev.concurrency.point.Payment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Timestamp;
import java.time.Instant;

@ApplicationScoped
public class PaymentRepository implements PanacheRepositoryBase<Payment, String> {

    /** Leaves a VOIDED tombstone unless a row with this id exists already; true if it did so. */
    public boolean voidIfAbsent(String paymentId) {
        Timestamp now = Timestamp.from(Instant.now());
        return getEntityManager().createNativeQuery(
                        "INSERT IGNORE INTO payment (payment_id, member_id, amount, status, created_at, updated_at) "
                                + "VALUES (?1, NULL, NULL, 'VOIDED', ?2, ?2)")
                .setParameter(1, paymentId).setParameter(2, now).executeUpdate() == 1;
    }

    /** Inserts the payment unless a row with its id exists already (a void that slipped in); true if inserted. */
    public boolean insertIfAbsent(Payment p) {
        return getEntityManager().createNativeQuery(
                        "INSERT IGNORE INTO payment (payment_id, member_id, amount, status, created_at, updated_at) "
                                + "VALUES (?1, ?2, ?3, ?4, ?5, ?5)")
                .setParameter(1, p.paymentId).setParameter(2, p.memberId).setParameter(3, p.amount)
                .setParameter(4, p.status.name()).setParameter(5, Timestamp.from(p.createdAt)).executeUpdate() == 1;
    }
}
