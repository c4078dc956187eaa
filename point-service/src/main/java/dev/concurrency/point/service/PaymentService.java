package dev.concurrency.point.service;

import dev.concurrency.point.Payment;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.api.PaymentView;
import dev.concurrency.point.api.PointProblem;
import dev.concurrency.point.config.PointConfig;
import dev.concurrency.point.repository.PaymentRepository;
import dev.concurrency.support.idempotency.Made;
import dev.concurrency.support.idempotency.PendingKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Payments for the other services (orders), idempotent on the caller's payment id and serialized per
 * member: paid once, refunded at most once ({@link SettleOnce}). A refund of a payment that never
 * arrived leaves a VOIDED tombstone, and the payment is refused if it comes later.
 */
@ApplicationScoped
public class PaymentService {

    private final SettleOnce<Payment, PaymentView> payments;

    PaymentService(PaymentRepository payments, MemberPoints memberPoints, PointConfig config) {
        // Refunded or voided before: a refund answers the same again.
        SettleOnce.Rules<Payment, PaymentView> rules = new SettleOnce.Rules<>(Payment::paid, PointChange::payment,
                PointChange::refund, PaymentService::view, PaymentService::view);
        this.payments = new SettleOnce<>(payments, memberPoints, config, rules, "payment",
                PointProblem.PAYMENT_NOT_FOUND, PointProblem.PAYMENT_CANCELLED);
    }

    public Made<PaymentView> pay(PendingKey key, String paymentId, long memberId, long amount) {
        return payments.make(key, paymentId, memberId, amount);
    }

    public PaymentView get(String paymentId) {
        return payments.get(paymentId);
    }

    /** Gives the points back once; a payment that never arrived is voided, and stays so. */
    public PaymentView refund(PendingKey key, String paymentId) {
        return payments.undo(key, paymentId);
    }

    private static PaymentView view(Payment p) {
        return new PaymentView(p.paymentId, p.memberId, p.amount, p.status);
    }
}
