package dev.concurrency.support.idempotency;

import jakarta.enterprise.context.RequestScoped;

/** The Idempotency-Key of the HTTP request being served, if it has one. */
@RequestScoped
class CurrentKey {

    private PendingKey pending;

    PendingKey get() {
        return pending;
    }

    void set(PendingKey pending) {
        this.pending = pending;
    }
}
