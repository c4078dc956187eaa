package dev.concurrency.support.idempotency;

/** A result whose success status depends on what happened (201 created, 200 already there). */
public interface AnswerStatus {

    int httpStatus();

    /**
     * Whether this is only the request's first word, recorded while its work goes on in later
     * transactions (an order being paid): repeats are told the request is in progress until it
     * records its final answer with {@link Idempotency#revise}.
     */
    default boolean provisional() {
        return false;
    }
}
