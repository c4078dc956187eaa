package dev.concurrency.order.service;

import dev.concurrency.order.repository.OrderRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Placing and cancelling go through the saga; reading is plain. */
@ApplicationScoped
public class OrderService {

    static final int MAX_LISTED = 100;

    private final OrderSaga saga;
    private final OrderRepository orders;

    OrderService(OrderSaga saga, OrderRepository orders) {
        this.saga = saga;
        this.orders = orders;
    }

    public OrderView place(long memberId, List<OrderLine> lines) {
        return saga.place(memberId, lines);
    }

    public OrderView cancel(long orderId) {
        return saga.cancel(orderId);
    }

    public OrderView get(long orderId) {
        return QuarkusTransaction.requiringNew().call(() -> OrderView.of(orders.require(orderId)));
    }

    public List<OrderView> ofMember(long memberId) {
        return QuarkusTransaction.requiringNew().call(() -> orders.ofMember(memberId, MAX_LISTED).stream().map(OrderView::of).toList());
    }
}
