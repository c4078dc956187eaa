package dev.concurrency.order.rest;

import dev.concurrency.order.OrderStatus;
import dev.concurrency.order.service.OrderView;
import dev.concurrency.support.idempotency.Answering;

/**
 * How placing an order is answered: 201 when it completed, 202 while its payment is unsettled
 * (recorded as provisional: a repeat of its request is told it is in progress until the answer is
 * final), 200 for an order cancelled before it could complete.
 */
public final class PlacingAnswers implements Answering<OrderView> {

    @Override
    public int status(OrderView order) {
        return switch (order.status()) {
            case COMPLETED -> 201;
            case PENDING -> 202;
            case CANCELLED -> 200;
        };
    }

    @Override
    public boolean provisional(OrderView order) {
        return order.status() == OrderStatus.PENDING;
    }
}
