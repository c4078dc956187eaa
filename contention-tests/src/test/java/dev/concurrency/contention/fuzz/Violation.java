package dev.concurrency.contention.fuzz;

/**
 * A contract break seen in an answer or in the data. {@code kind} groups breaks of one cause (the
 * endpoint and what went wrong, not the values): shrinking keeps a case only while it fails with
 * the same kind, and a property reports one example per kind.
 */
final class Violation extends AssertionError {

    private final String kind;

    Violation(String kind, String message) {
        super(kind + "\n" + message);
        this.kind = kind;
    }

    String kind() {
        return kind;
    }

    static Violation of(String kind, String what, Exchange... exchanges) {
        StringBuilder message = new StringBuilder(what);
        for (Exchange exchange : exchanges) {
            message.append('\n').append(exchange.describe());
        }
        return new Violation(kind, message.toString());
    }
}
