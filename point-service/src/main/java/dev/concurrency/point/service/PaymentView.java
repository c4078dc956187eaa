package dev.concurrency.point.service;

import dev.concurrency.point.api.PaymentStatus;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.concurrency.point.Payment;
import dev.concurrency.support.idempotency.AnswerStatus;

/** {@code {"paymentId","memberId","amount","status"}}; {@code created} decides 201 or 200. */
public record PaymentView(String paymentId, Long memberId, Long amount, PaymentStatus status,
        @JsonIgnore boolean created) implements AnswerStatus {

    public static PaymentView of(Payment p, boolean created) {
        return new PaymentView(p.paymentId, p.memberId, p.amount, p.status, created);
    }

    @Override
    public int httpStatus() {
        return created ? 201 : 200;
    }
}
