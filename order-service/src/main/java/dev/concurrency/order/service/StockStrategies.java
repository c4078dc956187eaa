package dev.concurrency.order.service;

import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.order.OrderProblem;
import dev.concurrency.order.Product;
import dev.concurrency.order.config.OrderConfig;
import dev.concurrency.order.repository.ProductRepository;
import dev.concurrency.support.control.CombiningConfig;
import dev.concurrency.support.control.GuardedTransactions;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The six ways of keeping concurrent changes of a product's stock apart, side by side; the analysis
 * and the measurements are in docs/concurrency-analysis.md. {@link Selection} picks the configured one.
 * The two lock strategies (REDIS_LOCK, FENCED_LOCK) combine the changes waiting for the same products
 * in {@link CombinedStock}; the database strategies run each change in a transaction of its own.
 */
public final class StockStrategies {

    private StockStrategies() {
    }

    @ApplicationScoped
    static class Selection {
        @Produces
        @ApplicationScoped
        StockControl selected(OrderConfig config, ProductRepository products, GuardedTransactions guard,
                LockedTransaction locked, CombiningConfig combining, MeterRegistry registry) {
            return switch (config.concurrencyControl()) {
                case NONE -> new NoControl(products, guard);
                case PESSIMISTIC_LOCK -> new PessimisticLock(products, guard);
                case OPTIMISTIC_RETRY -> new OptimisticRetry(products, guard);
                case CONDITIONAL_UPDATE -> new ConditionalUpdate(products, guard);
                case REDIS_LOCK -> new CombinedStock(products, locked, false, combining.limits(), registry);
                case FENCED_LOCK -> new CombinedStock(products, locked, true, combining.limits(), registry);
            };
        }
    }

    /** How every strategy but the conditional update changes stock: read, check, write the new figure. */
    record ReadCheckWrite(Function<Long, Product> reader, BiConsumer<Product, Long> writer) implements StockControl.StockWriter {
        @Override
        public Product take(long productId, long quantity) {
            Product product = reader.apply(productId);
            product.stock = remaining(product, quantity);
            writer.accept(product, product.stock);
            return product;
        }

        @Override
        public Product add(long productId, long quantity, long limit) {
            Product product = reader.apply(productId);
            product.stock = raised(product, quantity, limit);
            writer.accept(product, product.stock);
            return product;
        }
    }

    /** Read, check, write back: two orders read the same stock and both take it (oversold). */
    record NoControl(ProductRepository products, GuardedTransactions guard) implements StockControl {
        @Override
        public <T> T guarded(List<Long> productIds, Function<StockWriter, T> work) {
            return guard.plain(() -> work.apply(plainWriter(products, products::read)));
        }
    }

    /** The rows are locked with SELECT ... FOR UPDATE, in id order, before anything is read. */
    record PessimisticLock(ProductRepository products, GuardedTransactions guard) implements StockControl {
        @Override
        public <T> T guarded(List<Long> productIds, Function<StockWriter, T> work) {
            return guard.plain(() -> {
                products.lockForUpdate(productIds);
                return work.apply(plainWriter(products, products::readForUpdate));
            });
        }
    }

    /** Read with the version; the write matches only the same version; a conflict rolls back and runs it all again. */
    record OptimisticRetry(ProductRepository products, GuardedTransactions guard) implements StockControl {
        @Override
        public <T> T guarded(List<Long> productIds, Function<StockWriter, T> work) {
            return guard.retryingOnConflict("products " + productIds,
                    () -> work.apply(new ReadCheckWrite(products::read, products::writeStockIfUnchanged)));
        }
    }

    /** No read-modify-write: {@code stock = stock - q WHERE stock - q >= 0}; a miss re-reads to say why. */
    record ConditionalUpdate(ProductRepository products, GuardedTransactions guard) implements StockControl {
        static final int ATTEMPTS = 5;

        @Override
        public <T> T guarded(List<Long> productIds, Function<StockWriter, T> work) {
            return guard.plain(() -> work.apply(new StockWriter() {
                @Override
                public Product take(long productId, long quantity) {
                    return change(productId, -quantity, Long.MAX_VALUE, product -> remaining(product, quantity));
                }

                @Override
                public Product add(long productId, long quantity, long limit) {
                    return change(productId, quantity, limit, product -> raised(product, quantity, limit));
                }
            }));
        }

        private Product change(long productId, long delta, long limit, Function<Product, Long> refusal) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (products.addStockIfAllowed(productId, delta, limit)) {
                    return products.read(productId);
                }
                refusal.apply(products.read(productId)); // throws the rule's refusal (or the product is missing)
            }
            throw new ApiException(CommonProblem.SERVICE_UNAVAILABLE, "product " + productId + " kept changing; try again");
        }
    }

    private static ReadCheckWrite plainWriter(ProductRepository products, Function<Long, Product> reader) {
        return new ReadCheckWrite(reader, (product, stock) -> products.writeStockUnfenced(product.id, stock));
    }

    static long remaining(Product product, long quantity) {
        if (product.stock < quantity) {
            throw new ApiException(OrderProblem.INSUFFICIENT_STOCK, "product " + product.id + " has "
                    + product.stock + " in stock, " + quantity + " asked").with("productId", product.id);
        }
        return product.stock - quantity;
    }

    static long raised(Product product, long quantity, long limit) {
        if (quantity > limit - product.stock) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, "stock would exceed " + limit);
        }
        return product.stock + quantity;
    }
}
