package dev.concurrency.order.service;

import dev.concurrency.order.repository.OrderRepository;
import dev.concurrency.support.idempotency.PendingKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Placing and cancelling go through the saga; reading is plain. */
@ApplicationScoped
public class OrderService {

    private final OrderSaga saga;
    private final OrderRepository orders;

    OrderService(OrderSaga saga, OrderRepository orders) {
        this.saga = saga;
        this.orders = orders;
    }

    public OrderView place(PendingKey key, long memberId, List<OrderLine> lines) {
        return saga.place(key, memberId, lines);
    }

    public OrderView cancel(long orderId) {
        return saga.cancel(orderId);
    }

    public OrderView get(long orderId) {
        return QuarkusTransaction.requiringNew().call(() -> OrderView.of(orders.require(orderId)));
    }

    /** One page of the member's orders, newest first; {@code nextCursor} is null on the last page. */
    public OrderPage ofMember(long memberId, Long cursor, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OrderView> page = orders.ofMember(memberId, cursor, limit + 1).stream().map(OrderView::of).toList();
            boolean more = page.size() > limit;
            List<OrderView> items = more ? page.subList(0, limit) : page;
            return new OrderPage(items, more ? Long.toString(items.get(items.size() - 1).id()) : null);
        });
    }
}
