package dev.concurrency.support.web;

/**
 * Another service gave no answer we can rely on (a 5xx, or an error we did not expect). Calls
 * that are idempotent on their id may retry on it.
 */
public class PeerUnavailable extends RuntimeException {

    public PeerUnavailable(String message) {
        super(message, null, false, false);
    }
}
