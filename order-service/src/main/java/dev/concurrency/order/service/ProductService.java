package dev.concurrency.order.service;

import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.order.Product;
import dev.concurrency.order.repository.ProductRepository;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;


/** Products and restocking; a restock takes the product's lock like an order does. */
@ApplicationScoped
public class ProductService {

    public static final long MAX_STOCK = 1_000_000_000L;

    private final ProductRepository products;
    private final LockedTransaction lockedTransaction;
    private final Idempotency idempotency;

    ProductService(ProductRepository products, LockedTransaction lockedTransaction, Idempotency idempotency) {
        this.products = products;
        this.lockedTransaction = lockedTransaction;
        this.idempotency = idempotency;
    }

    public ProductView create(String name, long price, long stock) {
        return QuarkusTransaction.requiringNew().call(() -> idempotency.once(() -> {
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

    public ProductView restock(long id, int quantity) {
        return lockedTransaction.execute(ProductRepository.lockName(id), token -> products.claim(id, token),
                token -> idempotency.once(() -> {
                    Product product = products.require(id);
                    if (product.stock + quantity > MAX_STOCK) {
                        throw new ApiException(CommonProblem.INVALID_REQUEST, "stock would exceed " + MAX_STOCK);
                    }
                    products.writeStock(id, product.stock + quantity, token);
                    product.stock += quantity;
                    return ProductView.of(product);
                }));
    }
}
