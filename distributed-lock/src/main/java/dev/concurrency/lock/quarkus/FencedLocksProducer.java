package dev.concurrency.lock.quarkus;

import dev.concurrency.lock.FencedLocks;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
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

    void close(@Disposes FencedLocks locks) {
        locks.close();
    }
}
