package dev.concurrency.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

/** One line of an order, with the price it was sold at. */
@Entity
@Table(name = "order_item")
@IdClass(OrderItem.Key.class)
public class OrderItem extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public long orderId;

    @Id
    @Column(name = "product_id")
    public long productId;

    @Column(nullable = false)
    public int quantity;

    @Column(name = "unit_price", nullable = false)
    public long unitPrice;

    /** The composite key (order, product). */
    public static class Key implements Serializable {
        public long orderId;
        public long productId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.orderId == orderId && k.productId == productId;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(orderId) * 31 + Long.hashCode(productId);
        }
    }
}
