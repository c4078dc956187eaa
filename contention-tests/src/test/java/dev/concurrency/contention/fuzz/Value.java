package dev.concurrency.contention.fuzz;

import java.util.Set;
import java.util.TreeSet;

/**
 * A generated JSON value with what the contract makes of it.
 *
 * @param json     the JSON text, or null for a field left out
 * @param parsed   what a service reads from it when it is (or may be) accepted: a Long, a String, a list…
 * @param validity VALID: must be accepted; INVALID: must be refused with one of {@code codes};
 *                 EITHER: the contract leaves it open (e.g. {@code 5.0} for a whole number)
 * @param codes    the 400 codes a refusal may carry
 */
record Value(String json, Object parsed, Validity validity, Set<String> codes) {

    static final String INVALID_REQUEST = "INVALID_REQUEST";
    static final String INVALID_AMOUNT = "INVALID_AMOUNT";

    enum Validity { VALID, EITHER, INVALID }

    static Value valid(String json, Object parsed) {
        return new Value(json, parsed, Validity.VALID, Set.of());
    }

    static Value invalid(String json, String... codes) {
        return new Value(json, null, Validity.INVALID, Set.of(codes));
    }

    static Value either(String json, Object parsed, String... codes) {
        return new Value(json, parsed, Validity.EITHER, Set.of(codes));
    }

    static Value absent(Validity validity, String... codes) {
        return new Value(null, null, validity, Set.of(codes));
    }

    boolean present() {
        return json != null;
    }

    Long asLong() {
        return parsed instanceof Long l ? l : null;
    }

    String asText() {
        return parsed instanceof String s ? s : null;
    }

    /** The validity of several values together: the worst of them, with every code a refusal may carry. */
    static Value combine(String json, Object parsed, Iterable<Value> parts) {
        Validity worst = Validity.VALID;
        Set<String> codes = new TreeSet<>();
        for (Value part : parts) {
            if (part.validity().ordinal() > worst.ordinal()) {
                worst = part.validity();
            }
            if (part.validity() != Validity.VALID) {
                codes.addAll(part.codes());
            }
        }
        return new Value(json, worst == Validity.INVALID ? null : parsed, worst, codes);
    }
}
