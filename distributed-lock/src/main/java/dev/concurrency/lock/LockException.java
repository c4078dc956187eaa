package dev.concurrency.lock;

/** Something kept a lock from being taken or held; the protected work did not happen. */
public abstract class LockException extends RuntimeException {

    private final String lockName;

    protected LockException(String lockName, String message, Throwable cause) {
        super(message, cause);
        this.lockName = lockName;
    }

    public String lockName() {
        return lockName;
    }
}
