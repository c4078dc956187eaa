package dev.concurrency.point;

import dev.concurrency.support.problem.ProblemCode;

/** point-service's own error codes (CONTRACT §3). */
public enum PointProblem implements ProblemCode {
    MEMBER_NOT_FOUND(404, "No such member"),
    INSUFFICIENT_POINTS(409, "Not enough available points"),
    BALANCE_LIMIT_EXCEEDED(409, "The balance would exceed 1,000,000,000 points"),
    PAYMENT_NOT_FOUND(404, "No such payment"),
    PAYMENT_CANCELLED(409, "This payment was voided or refunded before");

    private final int status;
    private final String title;

    PointProblem(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
