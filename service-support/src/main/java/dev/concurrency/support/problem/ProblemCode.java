package dev.concurrency.support.problem;

import java.util.Arrays;
import java.util.Optional;

/**
 * A stable, machine-readable error code with its HTTP status and a human title. Each service
 * declares its own as constants (see {@link CommonProblem}).
 */
public record ProblemCode(String code, int status, String title) {

    public static ProblemCode of(String code, int status, String title) {
        return new ProblemCode(code, status, title);
    }

    /** The one of {@code known} whose code is {@code code}, if any: for a code read back from a peer or a row. */
    public static Optional<ProblemCode> find(String code, ProblemCode... known) {
        return Arrays.stream(known).filter(problem -> problem.code.equals(code)).findFirst();
    }

    @Override
    public String toString() {
        return code;
    }
}
