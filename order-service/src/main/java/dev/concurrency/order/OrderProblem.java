package dev.concurrency.order;

import dev.concurrency.support.problem.ProblemCode;

/** order-service's own error codes (CONTRACT §4). */
public enum OrderProblem implements ProblemCode {
    PRODUCT_NOT_FOUND(404, "No such product"),
    ORDER_NOT_FOUND(404, "No such order"),
    MEMBER_NOT_FOUND(404, "No such member"),
    INSUFFICIENT_STOCK(409, "Not enough stock"),
    INSUFFICIENT_POINTS(409, "Not enough available points"),
    ORDER_PENDING(409, "The order's payment is still being settled");

    private final int status;
    private final String title;

    OrderProblem(int status, String title) {
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
