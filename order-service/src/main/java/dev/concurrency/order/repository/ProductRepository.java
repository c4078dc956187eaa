package dev.concurrency.order.repository;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.order.OrderProblem;
import dev.concurrency.order.Product;
import dev.concurrency.support.control.GuardedRows;
import dev.concurrency.support.control.RowLocks;
import dev.concurrency.support.fencing.FencedRows;
import dev.concurrency.support.problem.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Products, and the writes of their stock for each strategy of the {@link dev.concurrency.support.control.RowGuard}. */
@ApplicationScoped
public class ProductRepository implements PanacheRepository<Product>, GuardedRows<Product, Void> {

    public Product require(long id) {
        Product product = findById(id);
        if (product == null) {
            throw notFound(id);
        }
        return product;
    }

    @Override
    public void claim(long id, FencingToken token) {
        FencedRows.claim(this, lockName(id), id, token, () -> notFound(id));
    }

    public void writeStock(long id, long stock, FencingToken token) {
        FencedRows.written(() -> update("stock = ?1, updatedAt = ?2 where id = ?3 and fenceToken = ?4",
                stock, Instant.now(), id, token.value()), lockName(id), token);
    }

    // ---- the product rows as the RowGuard reads and writes them ----

    @Override
    public String family() {
        return "product";
    }

    /** The product as committed now, with the row's version (detached: only the writes below change the row). */
    @Override
    public Row<Product> read(long id) {
        Product product = require(id);
        getEntityManager().detach(product);
        return new Row<>(product, product.rowVersion);
    }

    /** Locks the rows in id order (two orders over the same products cannot deadlock). */
    @Override
    public void lockForUpdate(List<Long> ids) {
        RowLocks.lock(getEntityManager(), "product", ids);
    }

    @Override
    public void write(long id, Product product) {
        update("stock = ?1, updatedAt = ?2 where id = ?3", product.stock, Instant.now(), id);
    }

    @Override
    public void writeFenced(long id, Product product, FencingToken token) {
        writeStock(id, product.stock, token);
    }

    @Override
    public boolean writeIfUnchanged(long id, Product product, long version) {
        return update("stock = ?1, rowVersion = rowVersion + 1, updatedAt = ?2 where id = ?3 and rowVersion = ?4",
                product.stock, Instant.now(), id, version) == 1;
    }

    /**
     * Adds the difference in one statement that matches only while the stock stays within [0, the limit];
     * the limit is the product maximum, or the new figure if a compensation (allowed past it) asked for more.
     */
    @Override
    public boolean addIfAllowed(long id, Product before, Product after) {
        return update("stock = stock + ?1, updatedAt = ?2 where id = ?3 and stock + ?1 >= 0 and stock + ?1 <= ?4",
                after.stock - before.stock, Instant.now(), id, Math.max(Product.MAX_STOCK, after.stock)) == 1;
    }

    @Override
    public void append(List<Void> records) {
        // stock changes leave no records beside the row: the orders are the record
    }

    public static String lockName(long productId) {
        return "product:" + productId;
    }

    public static ApiException notFound(long id) {
        return new ApiException(OrderProblem.PRODUCT_NOT_FOUND, "product " + id + " does not exist").with("productId", id);
    }
}
