package dev.concurrency.support.idempotency;

/**
 * An Idempotency-Key that is being served: where it applies, what request it came with, and how the
 * endpoint answers its result. The REST edge hands it to the domain code as a plain argument (null
 * when the request carries no key), so that work run later on another thread, in a combined batch,
 * still records its answer under its own key.
 */
public record PendingKey(String scope, String key, String fingerprint, Answering<Object> answering) {
}
