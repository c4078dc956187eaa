package dev.concurrency.support.idempotency;

import org.jboss.resteasy.reactive.RestResponse;

/**
 * What a call that makes something under an id its caller chose returns: the thing, and whether this
 * call made it ({@code now}) or found it made by an earlier one (a repeat).
 */
public record Made<T>(T value, boolean now) {

    private static final CreatedOrFound CREATED_OR_FOUND = new CreatedOrFound();

    /** The endpoint's answer: 201 with the thing when made now, 200 with it for a repeat. */
    public static <T> RestResponse<T> answer(Made<T> made) {
        return RestResponse.status(RestResponse.Status.fromStatusCode(CREATED_OR_FOUND.status(made)), made.value());
    }

    /** 201 with the thing when made now, 200 with it for a repeat. */
    public static final class CreatedOrFound implements Answering<Made<?>> {

        @Override
        public int status(Made<?> result) {
            return result.now() ? 201 : 200;
        }

        @Override
        public Object body(Made<?> result) {
            return result.value();
        }
    }
}
