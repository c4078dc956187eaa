package dev.concurrency.support.idempotency;

/** Thrown instead of doing the work again: the request was already answered, and this is the answer. */
public final class IdempotentReplay extends RuntimeException {

    private final transient StoredAnswer answer;

    IdempotentReplay(StoredAnswer answer) {
        super("replaying the first answer to this Idempotency-Key", null, false, false);
        this.answer = answer;
    }

    public StoredAnswer answer() {
        return answer;
    }
}
