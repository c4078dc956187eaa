package dev.concurrency.order.service;

import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.order.Product;
import dev.concurrency.order.repository.ProductRepository;
import dev.concurrency.support.control.CombiningQueue;
import dev.concurrency.support.control.LockedBatch;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lock strategies for stock (FENCED_LOCK, and REDIS_LOCK without the fencing): the orders,
 * compensations and restocks waiting in this process for the same product (or the same set of
 * products, in any item order) are combined into one batch, run under one lock hand-off, one claim
 * and one transaction ({@link LockedBatch}). Each applies in arrival order to the batch's copy of
 * the stock and gets its own answer; an order refused for want of stock takes nothing.
 */
final class CombinedStock implements StockControl {

    private final ProductRepository products;
    private final LockedTransaction locked;
    private final boolean fenced;
    private final CombiningQueue<Batch> queue;

    CombinedStock(ProductRepository products, LockedTransaction locked, boolean fenced, CombiningQueue.Limits limits,
            MeterRegistry registry) {
        this.products = products;
        this.locked = locked;
        this.fenced = fenced;
        this.queue = new CombiningQueue<>("product", limits, this::run, registry);
    }

    @Override
    public <T> T guarded(List<Long> productIds, Function<StockWriter, T> work) {
        return queue.submit(LockedBatch.key(productIds), batch -> work.apply(batch.writer));
    }

    private void run(String key, Supplier<List<CombiningQueue.Operation<Batch, ?>>> take) {
        List<Long> ids = LockedBatch.ids(key);
        LockedBatch.run(locked, ids.stream().map(ProductRepository::lockName).toList(),
                tokens -> {
                    if (fenced) {
                        ids.forEach(id -> products.claim(id, tokens.get(ProductRepository.lockName(id))));
                    }
                },
                tokens -> new Batch(tokens), take);
    }

    /** The batch's copy of its products (read once), written once at the end. */
    private final class Batch implements LockedBatch.View {
        private final Map<String, dev.concurrency.lock.FencingToken> tokens;
        private final Map<Long, Product> read = new HashMap<>();
        private Set<Long> changed = new LinkedHashSet<>();
        private Map<Long, Long> stockAtMark = Map.of();
        private Set<Long> changedAtMark = Set.of();
        final StockWriter writer = new StockStrategies.ReadCheckWrite(this::product, (product, stock) -> changed.add(product.id));

        Batch(Map<String, dev.concurrency.lock.FencingToken> tokens) {
            this.tokens = tokens;
        }

        private Product product(long id) {
            Product product = read.get(id);
            if (product == null) {
                product = products.read(id); // 404 for a product that does not exist
                read.put(id, product);
            }
            return product;
        }

        @Override
        public void mark() {
            stockAtMark = new HashMap<>();
            read.forEach((id, product) -> stockAtMark.put(id, product.stock));
            changedAtMark = new LinkedHashSet<>(changed);
        }

        @Override
        public void undoToMark() {
            read.keySet().removeIf(id -> !stockAtMark.containsKey(id)); // first read by the refused operation: read again next time
            read.forEach((id, product) -> product.stock = stockAtMark.get(id));
            changed = new LinkedHashSet<>(changedAtMark);
        }

        @Override
        public void write() {
            for (long id : changed) {
                long stock = read.get(id).stock;
                if (fenced) {
                    products.writeStock(id, stock, tokens.get(ProductRepository.lockName(id)));
                } else {
                    products.writeStockUnfenced(id, stock);
                }
            }
        }
    }
}
