package dev.concurrency.order;

import dev.concurrency.point.api.PointProblem;
import dev.concurrency.support.problem.ProblemCode;

/** order-service's own error codes (docs/api.md#order-service). */
public final class OrderProblem {

    public static final ProblemCode PRODUCT_NOT_FOUND = ProblemCode.of("PRODUCT_NOT_FOUND", 404, "No such product");
    public static final ProblemCode ORDER_NOT_FOUND = ProblemCode.of("ORDER_NOT_FOUND", 404, "No such order");
    /** point-service's refusal of the payment, passed on as the order's. */
    public static final ProblemCode MEMBER_NOT_FOUND = PointProblem.MEMBER_NOT_FOUND;
    public static final ProblemCode INSUFFICIENT_STOCK = ProblemCode.of("INSUFFICIENT_STOCK", 409, "Not enough stock");
    /** point-service's refusal of the payment, passed on as the order's. */
    public static final ProblemCode INSUFFICIENT_POINTS = PointProblem.INSUFFICIENT_POINTS;
    public static final ProblemCode STOCK_LIMIT_EXCEEDED =
            ProblemCode.of("STOCK_LIMIT_EXCEEDED", 409, "The stock would exceed 1,000,000,000");
    public static final ProblemCode ORDER_PENDING = ProblemCode.of("ORDER_PENDING", 409, "The order's payment is still being settled");

    private OrderProblem() {
    }
}
