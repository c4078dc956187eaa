package dev.concurrency.lock;

import java.time.Duration;

/** The lock stayed busy for the whole wait; the caller should try again later. */
public final class LockWaitTimeoutException extends LockException {

    private final Duration waited;

    public LockWaitTimeoutException(String lockName, Duration waited) {
        super(lockName, "lock '" + lockName + "' still busy after waiting " + waited.toMillis() + " ms", null);
        this.waited = waited;
    }

    public Duration waited() {
        return waited;
    }
}
