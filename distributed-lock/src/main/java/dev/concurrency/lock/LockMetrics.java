package dev.concurrency.lock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the lock reports to Micrometer (Prometheus names: {@code dlock_*}), tagged by the lock's
 * family: the part of its name before the first colon ({@code member}, {@code product},
 * {@code order}, {@code auction}). Never by key: one series per member would grow without bound.
 */
final class LockMetrics {

    private final MeterRegistry registry;
    private final Map<String, Family> families = new ConcurrentHashMap<>();

    LockMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The family of a lock name: {@code member:42} is a {@code member} lock. */
    static String familyOf(String lockName) {
        int colon = lockName.indexOf(':');
        return colon > 0 ? lockName.substring(0, colon) : lockName;
    }

    void acquired(String lockName, Duration waited) {
        family(lockName).waitAcquired.record(waited);
    }

    void timedOut(String lockName, Duration waited) {
        Family family = family(lockName);
        family.waitTimedOut.record(waited);
        family.timeouts.increment();
    }

    void held(String lockName, Duration held) {
        family(lockName).held.record(held);
    }

    void unavailable(String lockName) {
        family(lockName).unavailable.increment();
    }

    void renewed(String lockName) {
        family(lockName).renewals.increment();
    }

    void lost(String lockName) {
        family(lockName).lost.increment();
    }

    void fencingRejected(String lockName) {
        family(lockName).fencingRejections.increment();
    }

    private Family family(String lockName) {
        return families.computeIfAbsent(familyOf(lockName), name -> new Family(registry, name));
    }

    /** The meters of one family, registered at its first lock. */
    private static final class Family {
        final Timer waitAcquired;
        final Timer waitTimedOut;
        final Timer held;
        final Counter timeouts;
        final Counter unavailable;
        final Counter renewals;
        final Counter lost;
        final Counter fencingRejections;

        Family(MeterRegistry registry, String family) {
            waitAcquired = Timer.builder("dlock.wait").description("Time spent waiting for a lock")
                    .tags("family", family, "outcome", "acquired").publishPercentileHistogram().register(registry);
            waitTimedOut = Timer.builder("dlock.wait").description("Time spent waiting for a lock")
                    .tags("family", family, "outcome", "timeout").register(registry);
            held = Timer.builder("dlock.held").description("Time a lock was held, from acquisition to release")
                    .tag("family", family).publishPercentileHistogram().register(registry);
            timeouts = Counter.builder("dlock.timeouts").description("Acquisitions that gave up after the wait timeout")
                    .tag("family", family).register(registry);
            unavailable = Counter.builder("dlock.unavailable")
                    .description("Lock operations that failed because Redis did not answer").tag("family", family).register(registry);
            renewals = Counter.builder("dlock.renewals").description("Leases extended by the watchdog")
                    .tag("family", family).register(registry);
            lost = Counter.builder("dlock.lost").description("Locks whose lease ran out while their holder still had them")
                    .tag("family", family).register(registry);
            fencingRejections = Counter.builder("dlock.fencing.rejections")
                    .description("Writes refused because a newer lock holder had claimed the row").tag("family", family)
                    .register(registry);
        }
    }
}
