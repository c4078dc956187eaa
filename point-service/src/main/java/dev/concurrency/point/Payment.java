package dev.concurrency.point;

import dev.concurrency.point.api.PaymentStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A payment made by another service, under the id that service chose (e.g. {@code order-42}). */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {

    @Id
    @Column(name = "payment_id", length = 100)
    public String paymentId;

    @Column(name = "member_id")
    public Long memberId;

    public Long amount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public PaymentStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Payment paid(String paymentId, long memberId, long amount) {
        Payment p = new Payment();
        p.paymentId = paymentId;
        p.memberId = memberId;
        p.amount = amount;
        p.status = PaymentStatus.PAID;
        p.createdAt = Instant.now();
        p.updatedAt = p.createdAt;
        return p;
    }

    public boolean isCancelled() {
        return status == PaymentStatus.REFUNDED || status == PaymentStatus.VOIDED;
    }
}
