package dev.concurrency.point.service;

import dev.concurrency.point.api.PaymentStatus;
import dev.concurrency.point.api.PointProblem;
import dev.concurrency.point.Payment;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.config.PointsConfig;
import dev.concurrency.point.repository.PaymentRepository;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Payments for the other services, idempotent on the caller's payment id and serialized per member.
 *
 * <p>A refund of a payment that never arrived leaves a VOIDED tombstone. The payment id is the
 * primary key of both, so a payment and a void racing each other cannot both win: whichever row
 * is inserted first decides, and the other side reads it and answers accordingly.
 */
@ApplicationScoped
public class PaymentService {

    private final PaymentRepository payments;
    private final MemberPoints memberPoints;
    private final PointsConfig config;

    PaymentService(PaymentRepository payments, MemberPoints memberPoints, PointsConfig config) {
        this.payments = payments;
        this.memberPoints = memberPoints;
        this.config = config;
    }

    public PaymentView pay(String paymentId, long memberId, long amount) {
        try {
            return memberPoints.lockedMany(List.of(memberId), config.serviceCallMaxWait(), writer -> {
                Payment existing = payments.findById(paymentId);
                if (existing != null) {
                    return repeat(existing, memberId, amount);
                }
                memberPoints.apply(memberId, PointChange.payment(amount, paymentId), writer);
                Payment paid = Payment.paid(paymentId, memberId, amount);
                if (!payments.insertIfAbsent(paid)) {
                    throw new DecidedElsewhere(); // a void slipped in first: this debit is undone
                }
                return PaymentView.of(paid, true);
            });
        } catch (DecidedElsewhere e) {
            return repeat(QuarkusTransaction.requiringNew().call(() -> payments.findById(paymentId)), memberId, amount);
        }
    }

    public PaymentView get(String paymentId) {
        return QuarkusTransaction.requiringNew().call(() -> PaymentView.of(require(paymentId), false));
    }

    /** Gives the points back once; a payment that never arrived is voided, and stays so. */
    public PaymentView refund(String paymentId) {
        Payment current = QuarkusTransaction.requiringNew().call(() -> {
            payments.voidIfAbsent(paymentId);
            return payments.findById(paymentId);
        });
        if (current.status != PaymentStatus.PAID) {
            return PaymentView.of(current, false);
        }
        long memberId = current.memberId;
        return memberPoints.lockedMany(List.of(memberId), config.serviceCallMaxWait(), writer -> {
            Payment payment = payments.findById(paymentId);
            if (payment.status == PaymentStatus.PAID) {
                memberPoints.apply(memberId, PointChange.refund(payment.amount, paymentId), writer);
                payment.status = PaymentStatus.REFUNDED;
                payment.updatedAt = java.time.Instant.now();
            }
            return PaymentView.of(payment, false);
        });
    }

    private static PaymentView repeat(Payment existing, long memberId, long amount) {
        if (existing.isCancelled()) {
            throw new ApiException(PointProblem.PAYMENT_CANCELLED, "payment " + existing.paymentId + " was "
                    + existing.status.name().toLowerCase() + " before");
        }
        if (existing.memberId != memberId || existing.amount != amount) {
            throw new ApiException(CommonProblem.IDEMPOTENCY_KEY_REUSED, "payment " + existing.paymentId
                    + " exists with another member or amount");
        }
        return PaymentView.of(existing, false);
    }

    private Payment require(String paymentId) {
        Payment payment = payments.findById(paymentId);
        if (payment == null) {
            throw new ApiException(PointProblem.PAYMENT_NOT_FOUND, "payment " + paymentId + " does not exist");
        }
        return payment;
    }
}
