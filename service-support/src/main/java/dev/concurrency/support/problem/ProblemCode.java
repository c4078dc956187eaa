package dev.concurrency.support.problem;

/** A stable, machine-readable error code with its HTTP status and a human title. */
public interface ProblemCode {

    String code();

    int status();

    String title();
}
