package dev.concurrency.lock;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leases: owner-only release, renewal by the watchdog, the maximum hold, timeouts. Two FencedLocks act as two replicas. */
class LeaseTest {

    @Test
    void aReleaseByANonOwnerDeletesNothing() {
        LockSettings settings = TestInfra.settings("non-owner");
        Redis redis = TestInfra.redis();
        try (FencedLocks replicaA = TestInfra.locks(settings)) {
            LockLease lease = replicaA.acquire("k");
            // Another process runs the release script with an owner token that is not the holder's.
            long deleted = LockScript.RELEASE.run(redis, List.of(replicaA.lockKey("k")),
                    List.of("not-the-owner", settings.keyPrefix() + "released", "k")).await().indefinitely().toLong();
            assertEquals(0, deleted);
            assertEquals(1, TestInfra.redisCall(redis, Command.EXISTS, replicaA.lockKey("k")).toInteger());
            assertTrue(lease.isHeld());
            assertTrue(lease.release());
            assertEquals(0, TestInfra.redisCall(redis, Command.EXISTS, replicaA.lockKey("k")).toInteger());
        }
    }

    @Test
    void aHolderWhoseLeaseRanOutCannotReleaseTheNextHoldersLockAndLearnsItLostIt() throws Exception {
        // maxHold shorter than the first renewal: the watchdog never renews, so the lease runs out.
        LockSettings settings = TestInfra.settings("expired").withLease(Duration.ofMillis(300)).withMaxHold(Duration.ofMillis(1));
        Redis redis = TestInfra.redis();
        try (FencedLocks replicaA = TestInfra.locks(settings); FencedLocks replicaB = TestInfra.locks(settings)) {
            LockLease first = replicaA.acquire("k");
            TestInfra.awaitKeyGone(redis, replicaA.lockKey("k"), Duration.ofSeconds(10));
            LockLease second = replicaB.acquire("k");
            assertTrue(second.token().isNewerThan(first.token()));
            assertFalse(first.isHeld());

            assertFalse(first.release(), "the expired holder must learn that it had lost the lock");
            assertTrue(second.isHeld());
            assertEquals(1, TestInfra.redisCall(redis, Command.EXISTS, replicaB.lockKey("k")).toInteger(),
                    "the expired holder's release must leave the next holder's lock in place");
            assertTrue(second.release());
        }
    }

    @Test
    void theWatchdogKeepsALongHolderTheLockWellPastItsLease() throws Exception {
        LockSettings settings = TestInfra.settings("renewal").withLease(Duration.ofMillis(300));
        try (FencedLocks holder = TestInfra.locks(settings); FencedLocks rival = TestInfra.locks(settings)) {
            LockLease lease = holder.acquire("k");
            long workUntil = System.nanoTime() + Duration.ofMillis(1500).toNanos(); // five leases of work
            int rivalAttempts = 0;
            while (System.nanoTime() < workUntil) {
                assertThrows(LockWaitTimeoutException.class, () -> rival.acquire("k", Duration.ofMillis(100)),
                        "a rival got the lock while its holder was still working");
                rivalAttempts++;
            }
            assertTrue(rivalAttempts >= 5);
            assertTrue(lease.isHeld());
            assertTrue(lease.release(), "the lock must still be the holder's after five lease lengths");
        }
    }

    @Test
    void theWatchdogStopsAtTheMaximumHold() throws Exception {
        LockSettings settings = TestInfra.settings("max-hold").withLease(Duration.ofMillis(300)).withMaxHold(Duration.ofMillis(600));
        try (FencedLocks holder = TestInfra.locks(settings); FencedLocks rival = TestInfra.locks(settings)) {
            LockLease lease = holder.acquire("k");
            LockLease taken = rival.acquire("k", Duration.ofSeconds(10));
            assertTrue(taken.token().isNewerThan(lease.token()));
            assertFalse(lease.release());
            assertTrue(taken.release());
        }
    }

    @Test
    void waitingOutABusyLockEndsInATimeout() {
        LockSettings settings = TestInfra.settings("timeout");
        try (FencedLocks holder = TestInfra.locks(settings); FencedLocks waiter = TestInfra.locks(settings)) {
            LockLease lease = holder.acquire("k");
            LockWaitTimeoutException e = assertThrows(LockWaitTimeoutException.class,
                    () -> waiter.acquire("k", Duration.ofMillis(200)));
            assertEquals("k", e.lockName());
            assertTrue(lease.release());
        }
    }

    @Test
    void tokensRiseWithEveryAcquisitionEvenAfterRedisForgetsTheCounter() {
        LockSettings settings = TestInfra.settings("tokens");
        Redis redis = TestInfra.redis();
        try (FencedLocks locks = TestInfra.locks(settings)) {
            FencingToken previous = null;
            for (int i = 0; i < 20; i++) {
                LockLease lease = locks.acquire("k");
                if (previous != null) {
                    assertTrue(lease.token().isNewerThan(previous));
                }
                previous = lease.token();
                lease.release();
            }
            // As after a restart of a Redis that keeps nothing on disk.
            TestInfra.redisCall(redis, Command.DEL, locks.fenceKey("k"));
            LockLease afterLoss = locks.acquire("k");
            assertTrue(afterLoss.token().isNewerThan(previous), "tokens must not restart after the counter is lost");
            afterLoss.release();
        }
    }

    @Test
    void aLocksTokenCounterExpiresAfterAnHourWithoutUse() {
        Redis redis = TestInfra.redis();
        try (FencedLocks locks = TestInfra.locks(TestInfra.settings("fence-ttl"))) {
            locks.acquire("order:1").release();
            long ttl = TestInfra.redisCall(redis, Command.PTTL, locks.fenceKey("order:1")).toLong();
            assertTrue(ttl > Duration.ofMinutes(59).toMillis() && ttl <= Duration.ofHours(1).toMillis(),
                    "the counter of a lock name must expire an hour after its last token, PTTL was " + ttl);
        }
    }

    @Test
    void closingALeaseWhenRedisIsGoneDoesNotThrow() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (FencedLocks locks = new FencedLocks(TestInfra.redis("redis://127.0.0.1:" + port),
                TestInfra.settings("close-without-redis").withWaitTimeout(Duration.ofSeconds(20)), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            LockLease lease = acquireWhenUp(locks);
            server.destroyForcibly().waitFor();
            // The work under the lock is done (and perhaps committed): its outcome must not become an error.
            lease.close();
            assertFalse(lease.isHeld(), "a closed lease is not held");
        } finally {
            server.destroyForcibly();
        }
    }

    private static LockLease acquireWhenUp(FencedLocks locks) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return locks.acquire("k");
            } catch (LockServiceUnavailableException notYetListening) {
                if (System.nanoTime() > deadline) {
                    throw notYetListening;
                }
                Thread.sleep(50);
            }
        }
    }
}
