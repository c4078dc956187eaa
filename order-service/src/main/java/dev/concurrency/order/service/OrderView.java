package dev.concurrency.order.service;

import dev.concurrency.order.Order;
import dev.concurrency.order.OrderStatus;
import dev.concurrency.support.idempotency.AnswerStatus;

import java.util.List;

/** {@code {"id","memberId","status","totalAmount","items":[…],"failureReason"}}. */
public record OrderView(long id, long memberId, OrderStatus status, long totalAmount, List<Item> items,
        String failureReason) implements AnswerStatus {

    public record Item(long productId, int quantity, long unitPrice) {
    }

    public static OrderView of(Order o) {
        return new OrderView(o.id, o.memberId, o.status, o.totalAmount,
                o.items.stream().map(i -> new Item(i.productId, i.quantity, i.unitPrice)).toList(), o.failureReason);
    }

    /** As the answer to placing it: 201 when completed, 202 while its payment is unsettled. */
    @Override
    public int httpStatus() {
        return switch (status) {
            case COMPLETED -> 201;
            case PENDING -> 202;
            case CANCELLED -> 200;
        };
    }

    /** Recorded while the order is being paid: a repeat of its request is told it is in progress. */
    @Override
    public boolean provisional() {
        return status == OrderStatus.PENDING;
    }
}
