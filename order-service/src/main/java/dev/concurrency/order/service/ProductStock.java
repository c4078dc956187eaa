package dev.concurrency.order.service;

import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.order.OrderProblem;
import dev.concurrency.order.Product;
import dev.concurrency.order.config.OrderConfig;
import dev.concurrency.order.repository.ProductRepository;
import dev.concurrency.support.control.CombiningConfig;
import dev.concurrency.support.control.GuardedTransactions;
import dev.concurrency.support.control.RowGuard;
import dev.concurrency.support.problem.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.function.Function;

/**
 * The one way products' stock changes: orders, compensations and restocks all run under the
 * {@link RowGuard} with the configured strategy ({@code orders.concurrency-control}; by default the
 * products' Redis locks, fenced at the database, with the changes waiting for the same products
 * combined into batches).
 */
@ApplicationScoped
public class ProductStock {

    private final RowGuard<Product, Void> guard;
    private final CombiningConfig combining;

    ProductStock(ProductRepository products, OrderConfig config, CombiningConfig combining, GuardedTransactions transactions,
            LockedTransaction locked, MeterRegistry registry) {
        this.guard = new RowGuard<>(config.concurrencyControl(), products, transactions, locked, combining.limits(), registry);
        this.combining = combining;
    }

    /**
     * Runs {@code work} as one transaction (or part of one batch) in which the products' stock changes
     * only through the writer it is handed.
     *
     * @param productIds distinct and sorted, so that locks are always taken in the same order
     */
    public <T> T guarded(List<Long> productIds, Function<StockWriter, T> work) {
        return guard.run(productIds, combining.maxWait(), rows -> work.apply(new StockWriter(rows)));
    }

    /** Changes products' stock inside guarded work. */
    public record StockWriter(RowGuard.Rows<Product, Void> rows) {

        /** Takes {@code quantity} units; 409 INSUFFICIENT_STOCK if there are fewer. Returns the product as it is after. */
        public Product take(long productId, long quantity) {
            Product product = rows.get(productId);
            if (product.stock < quantity) {
                throw new ApiException(OrderProblem.INSUFFICIENT_STOCK, "product " + product.id + " has "
                        + product.stock + " in stock, " + quantity + " asked").with("productId", product.id);
            }
            return rows.put(productId, product.withStock(product.stock - quantity));
        }

        /** Adds {@code quantity} units (a restock); 409 STOCK_LIMIT_EXCEEDED above {@code limit}. Returns the product as it is after. */
        public Product add(long productId, long quantity, long limit) {
            Product product = rows.get(productId);
            if (quantity > limit - product.stock) {
                throw new ApiException(OrderProblem.STOCK_LIMIT_EXCEEDED, "product " + productId + " has " + product.stock
                        + " in stock; " + quantity + " more would exceed " + limit).with("productId", productId);
            }
            return rows.put(productId, product.withStock(product.stock + quantity));
        }

        /** Gives back units an order took (its compensation): owed, so never refused for the limit. */
        public Product giveBack(long productId, long quantity) {
            Product product = rows.get(productId);
            return rows.put(productId, product.withStock(Math.addExact(product.stock, quantity)));
        }
    }
}
