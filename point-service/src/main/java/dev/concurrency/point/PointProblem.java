package dev.concurrency.point;

import dev.concurrency.support.problem.ProblemCode;

/** point-service's own error codes (CONTRACT §3). */
public final class PointProblem {

    public static final ProblemCode MEMBER_NOT_FOUND = ProblemCode.of("MEMBER_NOT_FOUND", 404, "No such member");
    public static final ProblemCode INSUFFICIENT_POINTS = ProblemCode.of("INSUFFICIENT_POINTS", 409, "Not enough available points");
    public static final ProblemCode BALANCE_LIMIT_EXCEEDED =
            ProblemCode.of("BALANCE_LIMIT_EXCEEDED", 409, "The balance would exceed 1,000,000,000 points");
    public static final ProblemCode PAYMENT_NOT_FOUND = ProblemCode.of("PAYMENT_NOT_FOUND", 404, "No such payment");
    public static final ProblemCode PAYMENT_CANCELLED = ProblemCode.of("PAYMENT_CANCELLED", 409, "This payment was voided or refunded before");

    private PointProblem() {
    }
}
