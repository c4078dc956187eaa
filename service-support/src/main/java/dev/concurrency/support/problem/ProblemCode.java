package dev.concurrency.support.problem;

/**
 * A stable, machine-readable error code with its HTTP status and a human title. Each service
 * declares its own as constants (see {@link CommonProblem}).
 */
public record ProblemCode(String code, int status, String title) {

    public static ProblemCode of(String code, int status, String title) {
        return new ProblemCode(code, status, title);
    }

    @Override
    public String toString() {
        return code;
    }
}
