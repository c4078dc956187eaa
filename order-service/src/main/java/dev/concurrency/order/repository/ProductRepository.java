package dev.concurrency.order.repository;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.order.OrderProblem;
import dev.concurrency.order.Product;
import dev.concurrency.support.fencing.FencedRows;
import dev.concurrency.support.problem.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Products, and the fenced writes of their stock (see {@link FencedRows}). */
@ApplicationScoped
public class ProductRepository implements PanacheRepository<Product> {

    public Product require(long id) {
        Product product = findById(id);
        if (product == null) {
            throw notFound(id);
        }
        return product;
    }

    public void claim(long id, FencingToken token) {
        FencedRows.claim(this, lockName(id), id, token, () -> notFound(id));
    }

    public void writeStock(long id, long stock, FencingToken token) {
        FencedRows.written(update("stock = ?1, updatedAt = ?2 where id = ?3 and fenceToken = ?4",
                stock, Instant.now(), id, token.value()), lockName(id), token);
    }

    public static String lockName(long productId) {
        return "product:" + productId;
    }

    public static ApiException notFound(long id) {
        return new ApiException(OrderProblem.PRODUCT_NOT_FOUND, "product " + id + " does not exist").with("productId", id);
    }
}
