package dev.concurrency.order.service;

import dev.concurrency.order.Product;

public record ProductView(long id, String name, long price, long stock) {

    public static ProductView of(Product p) {
        return new ProductView(p.id, p.name, p.price, p.stock);
    }
}
