package dev.concurrency.support.idempotency;

/**
 * How the REST edge answers an endpoint's result: the HTTP status, the body, and whether the answer
 * is only provisional. Named by {@link Idempotent#answering} on the endpoint, so that the answer
 * recorded for its Idempotency-Key (inside the work's transaction) is exactly the one the endpoint
 * sends; the domain code that produced the result never speaks HTTP.
 *
 * @param <T> the endpoint's result
 */
public interface Answering<T> {

    int status(T result);

    /** What is sent (and recorded) as the body; the result itself unless it wraps it. */
    default Object body(T result) {
        return result;
    }

    /**
     * Whether this is only the request's first word, recorded while its work goes on in later
     * transactions (an order being paid): repeats are told the request is in progress until it
     * records its final answer with {@link Idempotency#revise}.
     */
    default boolean provisional(T result) {
        return false;
    }

    /** The same status whatever the result: {@link Idempotent#status}. */
    static Answering<Object> always(int status) {
        return result -> status;
    }
}
