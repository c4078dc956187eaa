package dev.concurrency.support.web;

/**
 * Another service answered 503 OVERLOADED: it is up, and its queue for that key was full or too
 * slow. Contention, not unavailability: a call that is idempotent on its id may retry on it, but a
 * circuit breaker must not count it as a failure (a hot member would otherwise cut off everyone).
 */
public class PeerBusy extends RuntimeException {

    public PeerBusy(String message) {
        super(message, null, false, false);
    }
}
