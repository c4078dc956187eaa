package dev.concurrency.lock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis acts on an acquisition but its answer comes too late (a busy client or server): the lock must
 * neither be refused to the request that in fact got it, nor stay taken by an attempt nobody knows
 * about until its lease runs out. A relay between the locks and Redis holds the answers back.
 */
class LateAnswerTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final Duration LEASE = Duration.ofSeconds(30); // far longer than the test waits: an expiry cannot pass for a release

    @Test
    void anAcquisitionAnsweredLateStillGetsTheLockAndHoldsItAlone() throws Exception {
        URI target = URI.create(TestInfra.REDIS_URL);
        Redis direct = TestInfra.redis();
        MeterRegistry registry = new SimpleMeterRegistry();
        LockSettings settings = TestInfra.settings("late-answer").withCommandTimeout(COMMAND_TIMEOUT).withLease(LEASE)
                .withWaitTimeout(Duration.ofSeconds(30));
        try (FreezableProxy proxy = FreezableProxy.to(target.getHost(), target.getPort());
             FencedLocks locks = new FencedLocks(TestInfra.redis("redis://127.0.0.1:" + proxy.port()), settings, registry)) {
            String key = locks.lockKey("k");
            warmUp(locks);
            proxy.holdReplies();
            CompletableFuture<LockLease> acquired = CompletableFuture.supplyAsync(() -> locks.acquire("k"));
            // Redis took the lock for the attempt, and the attempt gave up waiting for the answer.
            awaitTrue(() -> TestInfra.redisCall(direct, Command.EXISTS, key).toInteger() == 1, "the attempt never reached Redis");
            awaitTrue(() -> registry.counter("dlock.unavailable", "family", "k").count() >= 1, "the first attempt never timed out");
            proxy.thaw();

            LockLease lease = acquired.get(30, TimeUnit.SECONDS);
            Response holder = TestInfra.redisCall(direct, Command.GET, key);
            assertEquals(lease.owner(), holder.toString(), "the lock belongs to the request that was given it");
            assertTrue(lease.release(), "the lease was ours to release");
            assertEquals(0, TestInfra.redisCall(direct, Command.EXISTS, key).toInteger(), "released at once, not left to expire");
        }
    }

    @Test
    void aRedisThatStaysSilentFailsTheAcquisitionSoonAndTheLockFreesItself() throws Exception {
        URI target = URI.create(TestInfra.REDIS_URL);
        Duration lease = Duration.ofSeconds(3);
        LockSettings settings = TestInfra.settings("silent").withCommandTimeout(COMMAND_TIMEOUT).withLease(lease)
                .withWaitTimeout(Duration.ofSeconds(30));
        try (FreezableProxy proxy = FreezableProxy.to(target.getHost(), target.getPort());
             FencedLocks locks = new FencedLocks(TestInfra.redis("redis://127.0.0.1:" + proxy.port()), settings,
                     new SimpleMeterRegistry())) {
            warmUp(locks);
            proxy.holdReplies();
            long start = System.nanoTime();
            assertThrows(LockServiceUnavailableException.class, () -> locks.acquire("k"));
            Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(failedAfter.compareTo(Duration.ofSeconds(10)) < 0,
                    "a silent Redis must fail the acquisition after a few command timeouts, not the whole 30 s wait: " + failedAfter);
            proxy.thaw();
            // Whatever an unanswered attempt took is free again within a lease.
            try (LockLease next = locks.acquire("k", lease.plusSeconds(10))) {
                assertTrue(next.isHeld(), "the lock is free for the next request");
            }
        }
    }

    /** Opens the pooled connection while answers flow (its handshake waits for them), then leaves the lock free. */
    private static void warmUp(FencedLocks locks) {
        try (LockLease first = locks.acquire("warm-up")) {
            assertTrue(first.isHeld());
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, failure + " (within 30 s)");
            Thread.sleep(10);
        }
    }
}
