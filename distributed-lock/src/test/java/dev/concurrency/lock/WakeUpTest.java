package dev.concurrency.lock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waiters are woken by the release itself. The holder's lease is renewed for far longer than the
 * waiter is willing to wait, so a waiter that relied on the lease running out (or on a slow poll)
 * would time out; only the release notification can hand it the lock in time.
 */
class WakeUpTest {

    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aWaiterInAnotherReplicaIsWokenByTheRelease() throws Exception {
        LockSettings settings = TestInfra.settings("wake").withLease(LEASE).withWaitTimeout(WAIT);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (FencedLocks holder = TestInfra.locks(settings); FencedLocks waiter = TestInfra.locks(settings)) {
            awaitSubscribed(waiter);
            for (int round = 0; round < 20; round++) {
                LockLease held = holder.acquire("k");
                CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
                    long start = System.nanoTime();
                    waiter.acquire("k").release();
                    return System.nanoTime() - start;
                }, pool);
                Thread.sleep(50); // let the waiter reach its wait (the holder "works")
                held.release();
                long nanos = waited.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
                assertTrue(nanos < WAIT.toNanos(), "round " + round + ": the waiter was not woken by the release");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void awaitSubscribed(FencedLocks locks) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!locks.isListeningForReleases()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("release notifications never subscribed");
            }
            Thread.sleep(10);
        }
    }
}
