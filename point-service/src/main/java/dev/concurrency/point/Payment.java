package dev.concurrency.point;

import dev.concurrency.point.api.PaymentStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A payment made by another service, under the id that service chose (e.g. {@code order-42}). */
@Entity
@Table(name = "payment")
public class Payment extends Settlement {

    @Id
    @Column(name = "payment_id", length = 100)
    public String paymentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public PaymentStatus status;

    public static Payment paid(String paymentId, long memberId, long amount) {
        Payment p = new Payment();
        p.paymentId = paymentId;
        p.status = PaymentStatus.PAID;
        p.made(memberId, amount);
        return p;
    }

    @Override
    public String id() {
        return paymentId;
    }

    @Override
    public String statusName() {
        return status.name();
    }

    @Override
    public boolean isActive() {
        return status == PaymentStatus.PAID;
    }

    @Override
    public boolean isCancelled() {
        return status == PaymentStatus.REFUNDED || status == PaymentStatus.VOIDED;
    }

    /** Refunded. */
    @Override
    public void undone() {
        status = PaymentStatus.REFUNDED;
        touched();
    }
}
