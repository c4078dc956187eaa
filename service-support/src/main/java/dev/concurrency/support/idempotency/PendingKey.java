package dev.concurrency.support.idempotency;

/**
 * An Idempotency-Key that is being served (taken from the request by {@link Idempotency#current()}, so
 * that work run later on another thread, in a combined batch, still knows its own key): where it applies, what request it came with, what success looks like.
 */
public record PendingKey(String scope, String key, String fingerprint, int successStatus) {
}
