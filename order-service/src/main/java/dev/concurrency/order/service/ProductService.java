package dev.concurrency.order.service;

import dev.concurrency.order.Product;
import dev.concurrency.order.repository.ProductRepository;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.idempotency.PendingKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;


/** Products and restocking; a restock changes stock through the same ProductStock as an order does. */
@ApplicationScoped
public class ProductService {

    public static final long MAX_STOCK = Product.MAX_STOCK;

    private final ProductRepository products;
    private final ProductStock stock;
    private final Idempotency idempotency;

    ProductService(ProductRepository products, ProductStock stock, Idempotency idempotency) {
        this.products = products;
        this.stock = stock;
        this.idempotency = idempotency;
    }

    public ProductView create(PendingKey key, String name, long price, long stock) {
        return QuarkusTransaction.requiringNew().call(() -> idempotency.once(key, () -> {
            Product product = new Product();
            product.name = name;
            product.price = price;
            product.stock = stock;
            product.stampCreated();
            products.persist(product);
            return ProductView.of(product);
        }));
    }

    public ProductView get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> ProductView.of(products.require(id)));
    }

    /** Adds stock, once for the request's key (its work may run in a batch another request leads). */
    public ProductView restock(PendingKey key, long id, int quantity) {
        return stock.guarded(List.of(id), writer -> idempotency.once(key, () -> ProductView.of(writer.add(id, quantity, MAX_STOCK))));
    }
}
