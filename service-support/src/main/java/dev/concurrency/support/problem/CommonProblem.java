package dev.concurrency.support.problem;

/** Error codes every service shares (docs/api.md#common-rules). */
public final class CommonProblem {

    public static final ProblemCode INVALID_REQUEST = ProblemCode.of("INVALID_REQUEST", 400, "The request is not valid");
    public static final ProblemCode INVALID_AMOUNT = ProblemCode.of("INVALID_AMOUNT", 400, "The amount is out of range");
    /** No bearer token, or one that is malformed, expired or not signed by the configured key and issuer (docs/api.md#authentication). */
    public static final ProblemCode UNAUTHENTICATED = ProblemCode.of("UNAUTHENTICATED", 401, "A valid bearer token is required");
    /** A valid token whose identity or role may not do this (docs/api.md#authentication). */
    public static final ProblemCode FORBIDDEN = ProblemCode.of("FORBIDDEN", 403, "This identity may not do this");
    public static final ProblemCode NOT_FOUND = ProblemCode.of("NOT_FOUND", 404, "No such resource");
    public static final ProblemCode METHOD_NOT_ALLOWED = ProblemCode.of("METHOD_NOT_ALLOWED", 405, "Method not allowed on this resource");
    public static final ProblemCode REQUEST_IN_PROGRESS =
            ProblemCode.of("REQUEST_IN_PROGRESS", 409, "A request with this Idempotency-Key is still being processed");
    public static final ProblemCode IDEMPOTENCY_KEY_REUSED =
            ProblemCode.of("IDEMPOTENCY_KEY_REUSED", 422, "This Idempotency-Key was used with a different request");
    public static final ProblemCode INTERNAL_ERROR = ProblemCode.of("INTERNAL_ERROR", 500, "Unexpected error");
    public static final ProblemCode SERVICE_UNAVAILABLE =
            ProblemCode.of("SERVICE_UNAVAILABLE", 503, "A dependency is unavailable; try again later");
    /** Contention beyond the documented bound: unserved after 30 s, or 10,000 already waiting for one key in one process. */
    public static final ProblemCode OVERLOADED =
            ProblemCode.of("OVERLOADED", 503, "Too many requests wait for this resource; try again later");

    private CommonProblem() {
    }
}
