package dev.concurrency.support.idempotency;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Forgets answers older than the retention (24 h by docs/api.md#common-rules), in small batches. */
@ApplicationScoped
public class IdempotencyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class);

    private final IdempotencyStore store;
    private final IdempotencyConfig config;

    IdempotencyPurge(IdempotencyStore store, IdempotencyConfig config) {
        this.store = store;
        this.config = config;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        Instant cutoff = Instant.now().minus(config.retention());
        int removed;
        do {
            removed = QuarkusTransaction.requiringNew().call(() -> store.purgeOlderThan(cutoff));
            if (removed > 0) {
                LOG.debugf("forgot %d idempotency answers older than %s", removed, cutoff);
            }
        } while (removed > 0);
    }
}
