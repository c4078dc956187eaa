package dev.concurrency.order.service;

import dev.concurrency.order.Order;
import dev.concurrency.order.OrderStatus;
import java.util.List;

/** {@code {"id","memberId","status","totalAmount","items":[…],"failureReason"}}. */
public record OrderView(long id, long memberId, OrderStatus status, long totalAmount, List<Item> items,
        String failureReason) {

    public record Item(long productId, int quantity, long unitPrice) {
    }

    public static OrderView of(Order o) {
        return new OrderView(o.id, o.memberId, o.status, o.totalAmount,
                o.items.stream().map(i -> new Item(i.productId, i.quantity, i.unitPrice)).toList(), o.failureReason);
    }
}
