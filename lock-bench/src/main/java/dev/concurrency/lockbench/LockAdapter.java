package dev.concurrency.lockbench;

import java.time.Duration;

/**
 * One lock implementation as the contender processes use it. Each child JVM creates exactly one,
 * by class name, so that only the library under test is ever loaded into it.
 */
public interface LockAdapter extends AutoCloseable {

    /** Connects to Redis and returns once the lock is usable (for ours: the release channel is subscribed). */
    void start(String redisUrl, String lockName, Duration waitTimeout) throws Exception;

    /** Takes the lock, waiting at most the wait timeout; {@code null} if it stayed busy all that time. */
    Held acquire() throws Exception;

    /** A library label for the report, e.g. "Redisson 4.7.0". */
    String library();

    @Override
    void close() throws Exception;

    /** One holding of the lock. */
    interface Held {

        /** The fencing token of this holding; 0 when the lock issues none. */
        long token();

        /** Releases; {@code false} if the lock had already been lost (lease ran out) before this release. */
        boolean release() throws Exception;
    }
}
