package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the contract allows as the answer to one request: success statuses, error statuses with
 * the codes each may carry, or exactly an earlier answer (a replay). {@code because} names the
 * pending fix the expectation comes from, if it does.
 */
final class Expect {

    private static final String ANY_CODE = "*";

    private final Set<Integer> successes = new TreeSet<>();
    private final TreeMap<Integer, Set<String>> errors = new TreeMap<>();
    private Answer replayOf;
    private boolean anything;
    private final java.util.Set<PendingFix> because = new java.util.LinkedHashSet<>();

    private Expect() {
    }

    static Expect success(int... statuses) {
        Expect e = new Expect();
        for (int s : statuses) {
            e.successes.add(s);
        }
        return e;
    }

    static Expect error(int status, Collection<String> codes) {
        return new Expect().orError(status, codes);
    }

    static Expect error(int status, String... codes) {
        return new Expect().orError(status, codes);
    }

    /** The first answer to the key again: same status, same body. */
    static Expect replay(Answer first) {
        Expect e = new Expect();
        e.replayOf = first;
        return e;
    }

    /** Any answer that is itself conformant: after an outcome nobody can know (a 5xx, no answer). */
    static Expect anything() {
        Expect e = new Expect();
        e.anything = true;
        return e;
    }

    static Expect nothing() {
        return new Expect();
    }

    Expect orSuccess(int... statuses) {
        for (int s : statuses) {
            successes.add(s);
        }
        return this;
    }

    Expect orError(int status, Collection<String> codes) {
        errors.computeIfAbsent(status, s -> new TreeSet<>()).addAll(codes);
        return this;
    }

    /** An error status with any of these codes; with none given, any code. */
    Expect orError(int status, String... codes) {
        return orError(status, codes.length == 0 ? Set.of(ANY_CODE) : Set.of(codes));
    }

    Expect or(Expect other) {
        successes.addAll(other.successes);
        other.errors.forEach((status, codes) -> orError(status, codes));
        anything |= other.anything;
        if (replayOf == null) {
            replayOf = other.replayOf;
        }
        because.addAll(other.because);
        return this;
    }

    /** The error outcomes with this status alone (no success, no replay). */
    Expect onlyStatus(int status) {
        Expect e = new Expect();
        if (errors.containsKey(status)) {
            e.orError(status, errors.get(status));
        }
        return e;
    }

    /** The error outcomes alone: what may be answered when the request must be refused anyway. */
    Expect errorsOnly() {
        Expect e = new Expect();
        errors.forEach(e::orError);
        return e;
    }

    /** Names a pending fix this expectation comes from: a break of it, as known today, is let pass. */
    Expect because(PendingFix fix) {
        because.add(fix);
        return this;
    }

    java.util.Set<PendingFix> because() {
        return because;
    }

    boolean isReplay() {
        return replayOf != null && successes.isEmpty() && errors.isEmpty();
    }

    boolean allowsSuccess() {
        return anything || !successes.isEmpty() || (replayOf != null && replayOf.success());
    }

    boolean allows(Answer answer) {
        if (anything) {
            return true;
        }
        if (replayOf != null && sameAnswer(replayOf, answer)) {
            return true;
        }
        if (successes.contains(answer.status())) {
            return true;
        }
        Set<String> codes = errors.get(answer.status());
        return codes != null && (codes.contains(ANY_CODE) || codes.contains(answer.code()));
    }

    /** Same status and the same body as parsed JSON (the Idempotent-Replayed header and the rest aside). */
    static boolean sameAnswer(Answer first, Answer again) {
        if (first.status() != again.status()) {
            return false;
        }
        JsonNode a = first.json();
        JsonNode b = again.json();
        return a != null && b != null ? JsonText.sameJson(a, b) : first.text().equals(again.text());
    }

    /** The summary a failure's kind carries: without a replayed body, so one cause is one kind. */
    String kindSummary() {
        return replayOf != null && successes.isEmpty() && errors.isEmpty() ? "the first answer again" : Request.abbreviate(summary(), 120);
    }

    String summary() {
        if (anything) {
            return "any conformant answer";
        }
        String s = successes.stream().map(String::valueOf).collect(Collectors.joining(" | "));
        String e = errors.entrySet().stream().map(en -> en.getKey() + (en.getValue().contains(ANY_CODE) ? "" : " " + String.join("/", en.getValue())))
                .collect(Collectors.joining(" | "));
        String r = replayOf == null ? "" : "the first answer again (" + replayOf.outcome() + " " + Request.abbreviate(replayOf.text(), 300) + ")";
        return java.util.stream.Stream.of(s, e, r).filter(x -> !x.isEmpty()).collect(Collectors.joining(" | "));
    }
}
