package dev.concurrency.lock.quarkus;

import dev.concurrency.lock.FencedLocks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Makes {@link FencedLocks} injectable, on the Redis client that quarkus-redis-client configures. */
@ApplicationScoped
public class FencedLocksProducer {

    @Produces
    @ApplicationScoped
    FencedLocks fencedLocks(Redis redis, LockConfig config, MeterRegistry registry) {
        return new FencedLocks(redis, config.settings(), registry);
    }

    /**
     * Made at start, not at first use: the release subscription, the Redis connection and the scripts
     * are then ready before the first request, not set up by a burst of them (through the chart's
     * containers, a 300-bid burst on a replica that had never locked waited 10 s for that and got 503s).
     */
    void start(@Observes StartupEvent start, FencedLocks locks) {
        locks.warmUp();
    }

    void close(@Disposes FencedLocks locks) {
        locks.close();
    }
}
