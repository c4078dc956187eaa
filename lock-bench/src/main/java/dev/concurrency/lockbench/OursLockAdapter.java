package dev.concurrency.lockbench;

import dev.concurrency.lock.FencedLocks;
import dev.concurrency.lock.LockLease;
import dev.concurrency.lock.LockSettings;
import dev.concurrency.lock.LockWaitTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;

import java.time.Duration;

/**
 * This project's lock ({@code distributed-lock}): {@link FencedLocks#acquire(String, Duration)} and
 * {@link LockLease#release()}, on a Vert.x Redis client built the way the lock's own child-JVM tests
 * build it. Library defaults otherwise: 5 s lease renewed by the watchdog, pub/sub wake-up, in-process
 * FIFO gate per lock, fencing token from the acquire script.
 */
public final class OursLockAdapter implements LockAdapter {

    private Vertx vertx;
    private FencedLocks locks;
    private Duration waitTimeout;

    @Override
    public void start(String redisUrl, String lockName, Duration waitTimeout) throws InterruptedException {
        this.waitTimeout = waitTimeout;
        vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, redisUrl);
        // Keys: <lockName>:{hot} and <lockName>:{hot}:fence; release channel <lockName>:released.
        locks = new FencedLocks(redis, LockSettings.DEFAULTS.withKeyPrefix(lockName + ":").withWaitTimeout(waitTimeout),
                new SimpleMeterRegistry());
        // Until the release channel is subscribed, waiters would sleep out the holder's whole lease.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!locks.isListeningForReleases()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the lock's release notifications did not subscribe within 20 s");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public Held acquire() {
        LockLease lease;
        try {
            lease = locks.acquire("hot", waitTimeout);
        } catch (LockWaitTimeoutException e) {
            return null;
        }
        return new Held() {
            @Override
            public long token() {
                return lease.token().value();
            }

            @Override
            public boolean release() {
                return lease.release();
            }
        };
    }

    @Override
    public String library() {
        return "distributed-lock (this project)";
    }

    @Override
    public void close() {
        if (locks != null) {
            locks.close();
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
    }
}
