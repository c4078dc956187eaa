package dev.concurrency.point.api;

import dev.concurrency.support.problem.ProblemCode;

/** point-service's own error codes (docs/api.md#point-service): what it answers, and what its callers read back. */
public final class PointProblem {

    public static final ProblemCode MEMBER_NOT_FOUND = ProblemCode.of("MEMBER_NOT_FOUND", 404, "No such member");
    public static final ProblemCode INSUFFICIENT_POINTS = ProblemCode.of("INSUFFICIENT_POINTS", 409, "Not enough available points");
    public static final ProblemCode BALANCE_LIMIT_EXCEEDED =
            ProblemCode.of("BALANCE_LIMIT_EXCEEDED", 409, "The balance would exceed 1,000,000,000 points");
    public static final ProblemCode PAYMENT_NOT_FOUND = ProblemCode.of("PAYMENT_NOT_FOUND", 404, "No such payment");
    public static final ProblemCode PAYMENT_CANCELLED = ProblemCode.of("PAYMENT_CANCELLED", 409, "This payment was voided or refunded before");

    public static final ProblemCode HOLD_NOT_FOUND = ProblemCode.of("HOLD_NOT_FOUND", 404, "No such hold");
    public static final ProblemCode HOLD_CANCELLED = ProblemCode.of("HOLD_CANCELLED", 409, "This hold was released or voided before");
    public static final ProblemCode HOLD_ALREADY_CAPTURED = ProblemCode.of("HOLD_ALREADY_CAPTURED", 409, "This hold was captured");
    public static final ProblemCode HOLD_NOT_ACTIVE = ProblemCode.of("HOLD_NOT_ACTIVE", 409, "This hold was released or voided");

    private PointProblem() {
    }
}
