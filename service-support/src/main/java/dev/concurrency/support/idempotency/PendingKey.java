package dev.concurrency.support.idempotency;

/** An Idempotency-Key that is being served: where it applies, what request it came with, what success looks like. */
record PendingKey(String scope, String key, String fingerprint, int successStatus) {
}
