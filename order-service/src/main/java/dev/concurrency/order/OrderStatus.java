package dev.concurrency.order;

/** What clients see of an order. */
public enum OrderStatus {
    PENDING, COMPLETED, CANCELLED
}
