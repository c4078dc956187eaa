package dev.concurrency.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Gauges of work left to do, counted in the database (orders still being paid, hold tasks not yet
 * done): what must drain to zero after a burst or a fault. Counted every 2 s, not per scrape, so a
 * scrape never waits on the database; every replica reports the same shared count.
 */
@ApplicationScoped
public class BacklogGauges {

    private static final Logger LOG = Logger.getLogger(BacklogGauges.class);

    private record Backlog(String name, LongSupplier count, AtomicLong value) {
    }

    private final MeterRegistry registry;
    private final List<Backlog> backlogs = new CopyOnWriteArrayList<>();

    BacklogGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers a gauge whose value is {@code count}, run in a transaction of its own every 2 s.
     *
     * @param tags key/value pairs
     */
    public void register(String name, String description, LongSupplier count, String... tags) {
        AtomicLong value = new AtomicLong(-1); // -1 until first counted
        Gauge.builder(name, value, AtomicLong::get).description(description).tags(Tags.of(tags)).register(registry);
        backlogs.add(new Backlog(name, count, value));
    }

    @Scheduled(every = "2s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        for (Backlog backlog : backlogs) {
            try {
                backlog.value().set(QuarkusTransaction.requiringNew().call(backlog.count()::getAsLong));
            } catch (RuntimeException e) {
                LOG.debugf("backlog %s not counted now: %s", backlog.name(), e.getMessage());
            }
        }
    }
}
