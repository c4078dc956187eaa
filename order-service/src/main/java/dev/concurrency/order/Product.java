package dev.concurrency.order;

import dev.concurrency.support.control.GuardedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A product. Its stock is written only by fenced updates in {@link dev.concurrency.order.repository.ProductRepository}. */
@Entity
@Table(name = "product")
public class Product extends GuardedEntity {

    /** No product holds more (a restock beyond it is refused). */
    public static final long MAX_STOCK = 1_000_000_000L;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(nullable = false)
    public long price;

    @Column(nullable = false)
    public long stock;

    /** A detached copy with another stock figure: the state a change puts (the row itself is written by the repository). */
    public Product withStock(long newStock) {
        Product copy = new Product();
        copy.id = id;
        copy.name = name;
        copy.price = price;
        copy.stock = newStock;
        copy.fenceToken = fenceToken;
        copy.rowVersion = rowVersion;
        copy.createdAt = createdAt;
        copy.updatedAt = updatedAt;
        return copy;
    }
}
