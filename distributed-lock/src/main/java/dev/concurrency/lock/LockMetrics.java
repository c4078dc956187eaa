package dev.concurrency.lock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** What the lock reports to Micrometer (Prometheus names: {@code dlock_*}). */
final class LockMetrics {

    private final Timer waitAcquired;
    private final Timer waitTimedOut;
    private final Counter timeouts;
    private final Counter unavailable;
    private final Counter renewals;
    private final Counter lost;
    private final Counter fencingRejections;

    LockMetrics(MeterRegistry registry) {
        waitAcquired = Timer.builder("dlock.wait").description("Time spent waiting for a lock")
                .tag("outcome", "acquired").publishPercentileHistogram().register(registry);
        waitTimedOut = Timer.builder("dlock.wait").description("Time spent waiting for a lock")
                .tag("outcome", "timeout").register(registry);
        timeouts = Counter.builder("dlock.timeouts").description("Acquisitions that gave up after the wait timeout")
                .register(registry);
        unavailable = Counter.builder("dlock.unavailable").description("Lock operations that failed because Redis did not answer")
                .register(registry);
        renewals = Counter.builder("dlock.renewals").description("Leases extended by the watchdog").register(registry);
        lost = Counter.builder("dlock.lost").description("Locks whose lease ran out while their holder still had them")
                .register(registry);
        fencingRejections = Counter.builder("dlock.fencing.rejections")
                .description("Writes refused because a newer lock holder had claimed the row").register(registry);
    }

    void acquired(Duration waited) {
        waitAcquired.record(waited);
    }

    void timedOut(Duration waited) {
        waitTimedOut.record(waited);
        timeouts.increment();
    }

    void unavailable() {
        unavailable.increment();
    }

    void renewed() {
        renewals.increment();
    }

    void lost() {
        lost.increment();
    }

    void fencingRejected() {
        fencingRejections.increment();
    }
}
