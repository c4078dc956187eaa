package dev.concurrency.point.service;

import dev.concurrency.point.Payment;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.api.PointProblem;
import dev.concurrency.point.config.PointsConfig;
import dev.concurrency.point.repository.PaymentRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Payments for the other services (orders), idempotent on the caller's payment id and serialized per
 * member: paid once, refunded at most once ({@link SettleOnce}). A refund of a payment that never
 * arrived leaves a VOIDED tombstone, and the payment is refused if it comes later.
 */
@ApplicationScoped
public class PaymentService {

    private final SettleOnce<Payment, PaymentView> payments;

    PaymentService(PaymentRepository payments, MemberPoints memberPoints, PointsConfig config) {
        this.payments = new SettleOnce<>(payments, memberPoints, config, new PaymentRules(), "payment",
                PointProblem.PAYMENT_NOT_FOUND, PointProblem.PAYMENT_CANCELLED);
    }

    public PaymentView pay(String paymentId, long memberId, long amount) {
        return payments.make(paymentId, memberId, amount);
    }

    public PaymentView get(String paymentId) {
        return payments.get(paymentId);
    }

    /** Gives the points back once; a payment that never arrived is voided, and stays so. */
    public PaymentView refund(String paymentId) {
        return payments.undo(paymentId);
    }

    /** A payment is paid and refunded; a refund of one refunded or voided before answers the same again. */
    private static final class PaymentRules implements SettleOnce.Rules<Payment, PaymentView> {

        @Override
        public Payment newRow(String id, long memberId, long amount) {
            return Payment.paid(id, memberId, amount);
        }

        @Override
        public PointChange making(long amount, String id) {
            return PointChange.payment(amount, id);
        }

        @Override
        public PointChange undoing(long amount, String id) {
            return PointChange.refund(amount, id);
        }

        @Override
        public PaymentView view(Payment row, boolean created) {
            return PaymentView.of(row, created);
        }

        /** Refunded or voided before: the same answer again. */
        @Override
        public PaymentView undoneBefore(Payment row) {
            return PaymentView.of(row, false);
        }
    }
}
