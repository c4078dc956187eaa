package dev.concurrency.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a lock lives and how long callers wait for it.
 *
 * @param lease          how long the lock lives in Redis without renewal; a crashed or paused holder
 *                       loses it after this long
 * @param waitTimeout    how long {@code acquire} waits for a busy lock before giving up
 * @param maxHold        the watchdog stops renewing after this long, so a stuck holder cannot keep
 *                       a lock forever
 * @param commandTimeout how long one Redis command may take before Redis counts as unavailable
 * @param keyPrefix      prefix of every Redis key and of the release channel
 */
public record LockSettings(Duration lease, Duration waitTimeout, Duration maxHold, Duration commandTimeout,
        String keyPrefix) {

    public static final LockSettings DEFAULTS = new LockSettings(
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(2), "dlock:");

    public LockSettings {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        requirePositive(lease, "lease");
        requirePositive(waitTimeout, "waitTimeout");
        requirePositive(maxHold, "maxHold");
        requirePositive(commandTimeout, "commandTimeout");
        if (lease.toMillis() < 30) {
            throw new IllegalArgumentException("lease must be at least 30 ms so the watchdog can renew it");
        }
    }

    public LockSettings withLease(Duration value) {
        return new LockSettings(value, waitTimeout, maxHold, commandTimeout, keyPrefix);
    }

    public LockSettings withWaitTimeout(Duration value) {
        return new LockSettings(lease, value, maxHold, commandTimeout, keyPrefix);
    }

    public LockSettings withMaxHold(Duration value) {
        return new LockSettings(lease, waitTimeout, value, commandTimeout, keyPrefix);
    }

    public LockSettings withCommandTimeout(Duration value) {
        return new LockSettings(lease, waitTimeout, maxHold, value, keyPrefix);
    }

    public LockSettings withKeyPrefix(String value) {
        return new LockSettings(lease, waitTimeout, maxHold, commandTimeout, value);
    }

    /** The watchdog renews three times per lease, so one late or failed renewal is survivable. */
    Duration renewEvery() {
        return lease.dividedBy(3);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
