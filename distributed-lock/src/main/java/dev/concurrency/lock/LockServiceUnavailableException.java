package dev.concurrency.lock;

/** Redis did not answer (down, unreachable or too slow), so no lock could be taken. */
public final class LockServiceUnavailableException extends LockException {

    public LockServiceUnavailableException(String lockName, Throwable cause) {
        super(lockName, "lock server unavailable while handling lock '" + lockName + "': " + cause.getMessage(), cause);
    }
}
