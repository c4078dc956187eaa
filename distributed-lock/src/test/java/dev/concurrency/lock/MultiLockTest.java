package dev.concurrency.lock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas take the same pair of locks, one asking for [A, B] and the other for [B, A], many
 * times at once. Taken in sorted order they never deadlock: every attempt succeeds within its wait,
 * and no two holders of a lock ever overlap.
 */
class MultiLockTest {

    @Test
    void oppositeOrdersNeverDeadlock() throws Exception {
        LockSettings settings = TestInfra.settings("multi").withWaitTimeout(Duration.ofSeconds(30));
        AtomicInteger insideA = new AtomicInteger();
        AtomicInteger insideB = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        try (FencedLocks replicaA = TestInfra.locks(settings); FencedLocks replicaB = TestInfra.locks(settings)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                FencedLocks locks = t % 2 == 0 ? replicaA : replicaB;
                List<String> order = t % 2 == 0 ? List.of("A", "B") : List.of("B", "A");
                workers.add(pool.submit(() -> {
                    go.await();
                    int done = 0;
                    for (int i = 0; i < 25; i++) {
                        done += locks.withLocks(order, (Map<String, FencingToken> tokens) -> {
                            if (insideA.incrementAndGet() > 1 | insideB.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            insideA.decrementAndGet();
                            insideB.decrementAndGet();
                            assertEquals(2, tokens.size());
                            return 1;
                        });
                    }
                    return done;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> worker : workers) {
                total += worker.get();
            }
            pool.shutdown();
            assertEquals(8 * 25, total);
            assertEquals(0, overlaps.get());
            assertTrue(replicaA.isListeningForReleases());
        }
    }
}
