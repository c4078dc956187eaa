package dev.concurrency.order;

import dev.concurrency.support.fencing.FencedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A product. Its stock is written only by fenced updates in {@link dev.concurrency.order.repository.ProductRepository}. */
@Entity
@Table(name = "product")
public class Product extends FencedEntity {

    @Column(nullable = false, length = 100)
    public String name;

    @Column(nullable = false)
    public long price;

    @Column(nullable = false)
    public long stock;
}
