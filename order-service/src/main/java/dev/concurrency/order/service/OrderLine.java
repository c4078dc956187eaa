package dev.concurrency.order.service;

/** One requested line of an order. */
public record OrderLine(long productId, int quantity) {
}
