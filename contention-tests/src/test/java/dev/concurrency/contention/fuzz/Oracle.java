package dev.concurrency.contention.fuzz;

import dev.concurrency.contention.fuzz.Value.Validity;

import java.util.function.Supplier;

import static dev.concurrency.contention.fuzz.Value.INVALID_REQUEST;

/**
 * Puts a request's parts together into what the contract allows: every part that is bad input
 * may be the one refused (all of them 400), and only when no part must be refused does the
 * outcome of the request itself (its success or a domain refusal) come into it.
 */
final class Oracle {

    private final Expect refusals = Expect.nothing();
    private boolean mustRefuse;
    private boolean pathRefused;

    static Oracle start() {
        return new Oracle();
    }

    Oracle body(Json.Body body) {
        return part(body.validity(), body.codes());
    }

    Oracle value(Value value) {
        return part(value.validity(), value.codes());
    }

    Oracle key(Keys.Key key) {
        return key.valid() ? this : part(Validity.INVALID, java.util.Set.of(INVALID_REQUEST));
    }

    /** The path id; {@code notFound} the code when it is a number nobody has. */
    Oracle path(PathId id, String notFound) {
        switch (id.kind()) {
            case INVALID -> {
                part(Validity.INVALID, java.util.Set.of(INVALID_REQUEST));
                pathRefused = true;
            }
            case OVERFLOW -> {
                refusals.orError(404, notFound);
                part(Validity.INVALID, java.util.Set.of(INVALID_REQUEST));
            }
            case LENIENT -> part(Validity.EITHER, java.util.Set.of(INVALID_REQUEST));
            case ROUTING -> {
                refusals.orError(400).orError(404).orError(405);
                mustRefuse = true;
                pathRefused = true;
            }
            default -> {
            }
        }
        return this;
    }

    /** A path id the caller chooses (payments, holds): 1 to 100 visible ASCII characters; an empty one leaves the route. */
    Oracle textId(String id) {
        if (id.isEmpty()) {
            refusals.orError(400).orError(404).orError(405);
            mustRefuse = true;
            pathRefused = true;
            return this;
        }
        Value v = Json.chosenId(id);
        part(v.validity(), v.codes());
        pathRefused |= v.validity() == Validity.INVALID;
        return this;
    }

    Oracle part(Validity validity, java.util.Collection<String> codes) {
        if (validity != Validity.VALID) {
            refusals.orError(400, codes.isEmpty() ? java.util.Set.of(INVALID_REQUEST) : codes);
        }
        if (validity == Validity.INVALID) {
            mustRefuse = true;
        }
        return this;
    }

    boolean mustRefuse() {
        return mustRefuse;
    }

    /** The whole expectation: the refusals, plus {@code outcome} when nothing must be refused. */
    Expect then(Supplier<Expect> outcome) {
        Expect all = Expect.nothing().or(refusals);
        // With several things wrong, the contract does not say which is answered: any of their refusals.
        // But a path id that is no id at all leaves nothing to look up: only its 400.
        Expect own = pathRefused ? Expect.nothing() : outcome.get();
        all.or(mustRefuse ? own.errorsOnly() : own);
        if (!mustRefuse) {
            own.because().forEach(all::because);
        }
        return all;
    }
}
