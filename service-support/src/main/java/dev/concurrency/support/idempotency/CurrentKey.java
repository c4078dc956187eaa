package dev.concurrency.support.idempotency;

import jakarta.enterprise.context.RequestScoped;

/**
 * The Idempotency-Key of the HTTP request being served, as {@link IdempotencyInterceptor} accepted
 * it: an endpoint reads it with {@link #pending()} and passes it to the work it calls.
 */
@RequestScoped
public class CurrentKey {

    private PendingKey pending;

    /** The key of this request, or null if it carries none. */
    public PendingKey pending() {
        return pending;
    }

    void set(PendingKey pending) {
        this.pending = pending;
    }
}
