package dev.concurrency.support.problem;

/** Error codes every service shares (CONTRACT §2). */
public enum CommonProblem implements ProblemCode {
    INVALID_REQUEST(400, "The request is not valid"),
    INVALID_AMOUNT(400, "The amount is out of range"),
    NOT_FOUND(404, "No such resource"),
    METHOD_NOT_ALLOWED(405, "Method not allowed on this resource"),
    REQUEST_IN_PROGRESS(409, "A request with this Idempotency-Key is still being processed"),
    IDEMPOTENCY_KEY_REUSED(422, "This Idempotency-Key was used with a different request"),
    INTERNAL_ERROR(500, "Unexpected error"),
    SERVICE_UNAVAILABLE(503, "A dependency is unavailable; try again later");

    private final int status;
    private final String title;

    CommonProblem(int status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
