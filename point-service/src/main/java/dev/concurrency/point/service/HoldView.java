package dev.concurrency.point.service;

import dev.concurrency.point.api.HoldStatus;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.concurrency.point.Hold;
import dev.concurrency.support.idempotency.AnswerStatus;

/** {@code {"holdId","memberId","amount","status"}}; {@code created} decides 201 or 200. */
public record HoldView(String holdId, Long memberId, Long amount, HoldStatus status,
        @JsonIgnore boolean created) implements AnswerStatus {

    public static HoldView of(Hold h, boolean created) {
        return new HoldView(h.holdId, h.memberId, h.amount, h.status, created);
    }

    @Override
    public int httpStatus() {
        return created ? 201 : 200;
    }
}
