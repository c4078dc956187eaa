package dev.concurrency.lock.combining;

import dev.concurrency.lock.LockException;

/**
 * Contention past the bound: the operation waited longer than allowed before a batch took it, or
 * too many operations already wait for its key in this process. It never ran; the caller may try
 * again later (services answer 503 OVERLOADED with Retry-After).
 */
public final class OverloadedException extends LockException {

    public OverloadedException(String key, String why) {
        super(key, "too busy: " + why + "; try again", null);
    }
}
