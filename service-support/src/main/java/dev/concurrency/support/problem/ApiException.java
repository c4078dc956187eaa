package dev.concurrency.support.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A refusal with a problem code: becomes an {@code application/problem+json} answer. */
public class ApiException extends RuntimeException {

    private final ProblemCode problem;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ApiException(ProblemCode problem, String detail) {
        super(detail);
        this.problem = problem;
    }

    public ProblemCode problem() {
        return problem;
    }

    /** Adds a field to the problem body, e.g. the id of the order that was recorded. */
    public ApiException with(String field, Object value) {
        extensions.put(field, value);
        return this;
    }

    public Map<String, Object> extensions() {
        return Collections.unmodifiableMap(extensions);
    }

    public Problem toProblem() {
        return Problem.of(problem, getMessage()).withAll(extensions);
    }
}
