package dev.concurrency.order.repository;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.order.OrderProblem;
import dev.concurrency.order.Product;
import dev.concurrency.support.control.RowLocks;
import dev.concurrency.support.control.WriteConflict;
import dev.concurrency.support.fencing.FencedRows;
import dev.concurrency.support.problem.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

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

    /** The product as it is now, detached: the strategies write around the entity. */
    public Product read(long id) {
        Product product = require(id);
        getEntityManager().detach(product);
        return product;
    }

    /** The product read after {@code SELECT ... FOR UPDATE} (newest committed values; the row stays locked until the transaction ends). */
    public Product readForUpdate(long id) {
        if (RowLocks.lock(getEntityManager(), "product", List.of(id)) == 0) {
            throw notFound(id);
        }
        return read(id);
    }

    /** Locks the rows in id order (two orders over the same products cannot deadlock). */
    public void lockForUpdate(List<Long> ids) {
        RowLocks.lock(getEntityManager(), "product", ids);
    }

    /** A plain write, whatever happened since the read: for no control, row locks and the unfenced Redis lock. */
    public void writeStockUnfenced(long id, long stock) {
        update("stock = ?1, updatedAt = ?2 where id = ?3", stock, Instant.now(), id);
    }

    /** The optimistic write: only if the row still has the version that was read; raises it. */
    public void writeStockIfUnchanged(Product read, long stock) {
        if (update("stock = ?1, rowVersion = rowVersion + 1, updatedAt = ?2 where id = ?3 and rowVersion = ?4",
                stock, Instant.now(), read.id, read.rowVersion) == 0) {
            throw new WriteConflict("product " + read.id);
        }
    }

    /** The conditional update: adds {@code delta} in one statement that matches only while the result stays in [0, limit]. */
    public boolean addStockIfAllowed(long id, long delta, long limit) {
        return update("stock = stock + ?1, updatedAt = ?2 where id = ?3 and stock + ?1 >= 0 and stock + ?1 <= ?4",
                delta, Instant.now(), id, limit) == 1;
    }

    public static String lockName(long productId) {
        return "product:" + productId;
    }

    public static ApiException notFound(long id) {
        return new ApiException(OrderProblem.PRODUCT_NOT_FOUND, "product " + id + " does not exist").with("productId", id);
    }
}
