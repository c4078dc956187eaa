package dev.concurrency.lock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A separate process that increments a database counter with a plain read-then-write (no
 * database locking), many threads at once. Only the distributed lock keeps increments from being
 * lost. A Redis counter of holders inside the critical section detects any overlap directly.
 *
 * <p>Arguments: keyPrefix table rowId threads iterations with-lock|without-lock.
 * Prints READY, waits for GO on stdin, runs, prints {@code DONE <overlaps>}.
 */
public final class LockContender {

    public static void main(String[] args) throws Exception {
        String prefix = args[0];
        FencedCounter counter = new FencedCounter(args[1]);
        long rowId = Long.parseLong(args[2]);
        int threads = Integer.parseInt(args[3]);
        int iterations = Integer.parseInt(args[4]);
        boolean withLock = args[5].equals("with-lock");

        Redis redis = TestInfra.redis();
        FencedLocks locks = new FencedLocks(redis, LockSettings.DEFAULTS.withKeyPrefix(prefix)
                .withWaitTimeout(Duration.ofSeconds(60)), new SimpleMeterRegistry());
        String insideKey = prefix + "inside";
        AtomicInteger overlaps = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try (Connection c = TestInfra.db()) {
                    start.await();
                    for (int i = 0; i < iterations; i++) {
                        LockLease lease = withLock ? locks.acquire("counter") : null;
                        try {
                            if (TestInfra.redisCall(redis, Command.INCR, insideKey).toLong() > 1) {
                                overlaps.incrementAndGet();
                            }
                            long value = counter.read(c, rowId);
                            counter.unfencedWrite(c, rowId, value + 1);
                            TestInfra.redisCall(redis, Command.DECR, insideKey);
                        } finally {
                            if (lease != null) {
                                lease.release();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            });
            worker.start();
            workers.add(worker);
        }
        System.out.println("READY");
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        start.countDown();
        done.await();
        if (failure.get() != null) {
            failure.get().printStackTrace();
            System.out.println("FAILED " + failure.get());
        } else {
            System.out.println("DONE " + overlaps.get());
        }
        locks.close();
        System.exit(0);
    }
}
