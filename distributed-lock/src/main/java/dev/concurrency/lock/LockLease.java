package dev.concurrency.lock;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One holding of a distributed lock: its fencing token, and the right to release it.
 *
 * <p>While it is held, a watchdog renews the lease every third of its length. Renewal stops at
 * {@link #release()}, when Redis reports that the lock belongs to someone else, or once the lock
 * has been held for the configured maximum; after that the lease simply runs out. A renewal that
 * arrives after the release finds the key gone or owned by another and changes nothing, so the
 * watchdog can never extend someone else's lock.
 */
public final class LockLease implements AutoCloseable {

    private final FencedLocks locks;
    private final String name;
    private final String owner;
    private final FencingToken token;
    private final long acquiredAtNanos;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile long validUntilNanos;
    private volatile boolean lost;
    private volatile ScheduledFuture<?> renewal;

    LockLease(FencedLocks locks, String name, String owner, FencingToken token, long requestedAtNanos, Duration lease) {
        this.locks = locks;
        this.name = name;
        this.owner = owner;
        this.token = token;
        this.acquiredAtNanos = System.nanoTime();
        // Counted from before the request was sent: our view of the lease never outlasts Redis's.
        this.validUntilNanos = requestedAtNanos + lease.toNanos();
    }

    public String name() {
        return name;
    }

    public FencingToken token() {
        return token;
    }

    /**
     * Whether this holder may still believe it owns the lock: not released, not reported lost, and
     * within the lease last confirmed by Redis. A {@code true} here is only advice; the fencing
     * token checked at the database is what makes a late write harmless.
     */
    public boolean isHeld() {
        return !released.get() && !lost && System.nanoTime() - validUntilNanos < 0;
    }

    /**
     * Releases the lock if this holder still owns it, and wakes the waiters.
     *
     * @return {@code true} if it was still ours and is now free; {@code false} if the lease had run
     *         out (and another holder may have taken it): whatever this holder did after that was
     *         not protected by the lock, and only fencing kept it safe
     * @throws LockServiceUnavailableException if Redis did not answer; the lease then runs out by itself
     */
    public boolean release() {
        if (!released.compareAndSet(false, true)) {
            return !lost;
        }
        stopRenewal();
        locks.metrics().held(name, Duration.ofNanos(System.nanoTime() - acquiredAtNanos));
        try {
            boolean stillOurs = locks.releaseInRedis(this);
            if (!stillOurs) {
                markLost();
            }
            return stillOurs;
        } finally {
            locks.leaveGate(name);
        }
    }

    /**
     * Releases as {@link #release()} does, but never throws: the holder's work is over, and its
     * outcome (perhaps committed) must not be replaced by a failure to reach Redis. A lock that
     * could not be released frees itself when its lease runs out.
     */
    @Override
    public void close() {
        locks.releaseAfterWork(this);
    }

    String owner() {
        return owner;
    }

    long acquiredAtNanos() {
        return acquiredAtNanos;
    }

    boolean isReleased() {
        return released.get();
    }

    void renewed(long requestedAtNanos, Duration lease) {
        validUntilNanos = requestedAtNanos + lease.toNanos();
    }

    void markLost() {
        if (!lost) {
            lost = true;
            locks.metrics().lost(name);
        }
        stopRenewal();
    }

    void renewWith(ScheduledFuture<?> task) {
        this.renewal = task;
    }

    void stopRenewal() {
        ScheduledFuture<?> task = renewal;
        if (task != null) {
            task.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "LockLease[" + name + ", token " + token + (isHeld() ? ", held]" : ", not held]");
    }
}
