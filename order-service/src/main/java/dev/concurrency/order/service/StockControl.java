package dev.concurrency.order.service;

import dev.concurrency.order.Product;

import java.util.List;
import java.util.function.Function;

/**
 * The contended operation of order-service: taking and restoring products' stock. One implementation
 * per {@link dev.concurrency.support.control.ConcurrencyControl}, chosen by {@code orders.concurrency-control}
 * (see {@link StockStrategies}); orders, compensations and restocks all go through the chosen one.
 */
public interface StockControl {

    /**
     * Runs {@code work} as one transaction (the optimistic strategy: as many attempts as it takes) in
     * which the products' stock changes only through the writer it is handed.
     *
     * @param productIds distinct and sorted, so that locks are always taken in the same order
     */
    <T> T guarded(List<Long> productIds, Function<StockWriter, T> work);

    /** Changes one product's stock inside guarded work. */
    interface StockWriter {

        /** Takes {@code quantity} units; 409 INSUFFICIENT_STOCK if there are fewer. Returns the product as it is after. */
        Product take(long productId, long quantity);

        /** Adds {@code quantity} units back (a compensation, a restock); refused as INVALID_REQUEST above {@code limit}. Returns the product as it is after. */
        Product add(long productId, long quantity, long limit);
    }
}
