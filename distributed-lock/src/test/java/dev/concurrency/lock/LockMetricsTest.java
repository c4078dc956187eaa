package dev.concurrency.lock;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The lock's meters are tagged by family (the lock name before its first colon), never by key. */
class LockMetricsTest {

    @Test
    void waitsHoldsTimeoutsAndLostLeasesAreCountedPerFamily() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        // The watchdog stops at once (maximum hold = lease), so a held lock is lost after one lease.
        LockSettings settings = TestInfra.settings("metrics").withLease(Duration.ofMillis(300)).withMaxHold(Duration.ofMillis(300));
        try (FencedLocks locks = new FencedLocks(TestInfra.redis(), settings, registry)) {
            for (int member = 1; member <= 3; member++) {
                locks.acquire("member:" + member).release();
            }
            LockLease product = locks.acquire("product:7");
            assertThrows(LockWaitTimeoutException.class, () -> locks.acquire("product:7", Duration.ofMillis(50)),
                    "locks are not reentrant: a second acquisition waits for the first and gives up");
            TestInfra.awaitKeyGone(TestInfra.redis(), locks.lockKey("product:7"), Duration.ofSeconds(10));
            assertFalse(product.release(), "the lease ran out: the holder learns it lost the lock");
        }

        assertEquals(3, registry.get("dlock.wait").tags("family", "member", "outcome", "acquired").timer().count());
        assertEquals(3, registry.get("dlock.held").tags("family", "member").timer().count());
        assertEquals(1, registry.get("dlock.wait").tags("family", "product", "outcome", "acquired").timer().count());
        assertEquals(1, registry.get("dlock.timeouts").tags("family", "product").counter().count());
        assertEquals(1, registry.get("dlock.wait").tags("family", "product", "outcome", "timeout").timer().count());
        assertEquals(1, registry.get("dlock.lost").tags("family", "product").counter().count());
        assertEquals(0, registry.find("dlock.lost").tags("family", "member").counters().stream().mapToDouble(c -> c.count()).sum());
        Set<String> families = registry.getMeters().stream().map(Meter::getId).filter(id -> id.getName().startsWith("dlock."))
                .map(id -> id.getTag("family")).collect(Collectors.toSet());
        assertEquals(Set.of("member", "product"), families, "one series per family, none per key");
    }
}
