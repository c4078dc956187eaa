package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks every answer must pass (docs/api.md#common-rules), and the check of an answer against what the
 * contract allows for its request.
 * <ul>
 *   <li>an answer arrives;</li>
 *   <li>never a 5xx here: one idle replica of each service, nothing down, so not even a 503;</li>
 *   <li>every 4xx is {@code application/problem+json} with type, title, status (= the HTTP status), detail and code;</li>
 *   <li>every 2xx with a body is {@code application/json}.</li>
 * </ul>
 */
final class Conformance {

    private Conformance() {
    }

    /** What one request came to: the exchange, and whether its break of a pending fix was let pass. */
    record Checked(Exchange exchange, boolean tolerated) {

        Answer answer() {
            return exchange.answer();
        }

        /** Took effect for certain: a fresh success, checked against the contract. */
        boolean applied() {
            return !tolerated && answer().success() && !answer().replayed();
        }

        /** Certainly changed nothing: a refusal or a replay, checked against the contract. */
        boolean changedNothing() {
            return !tolerated && (!answer().success() || answer().replayed());
        }
    }

    static Checked send(RawHttp.Service service, Request request, Expect expect) {
        return check(service.send(request), expect);
    }

    static Checked check(Exchange exchange, Expect expect) {
        if (wellFormed(exchange)) {
            return new Checked(exchange, true);
        }
        Answer answer = exchange.answer();
        if (expect.allows(answer)) {
            return new Checked(exchange, false);
        }
        String what = "the contract allows " + expect.summary() + " here, the answer was " + answer.outcome();
        for (PendingFix fix : expect.because()) {
            if (fix.tolerates(exchange, what)) {
                return new Checked(exchange, true);
            }
        }
        throw Violation.of("unexpected answer to " + exchange.endpoint() + ": " + answer.outcome() + " where " + expect.kindSummary(),
                what, exchange);
    }

    /**
     * The checks of §2 that hold whatever the request; returns true when a 5xx was let pass as a
     * pending fix (the answer then says nothing more).
     */
    static boolean wellFormed(Exchange exchange) {
        Answer answer = exchange.answer();
        if (!answer.answered()) {
            throw Violation.of("no answer from " + exchange.endpoint(), "the request got no answer at all", exchange);
        }
        if (answer.status() >= 500) {
            throw Violation.of("5xx from " + exchange.endpoint() + ": " + answer.outcome(),
                    "a 5xx answer (bad input is never a 5xx; nothing is down here, so not even a 503)", exchange);
        }
        List<String> problems = answer.status() >= 400 ? problemShape(answer) : successShape(answer);
        if (!problems.isEmpty() && PendingFix.HTTP_LEVEL_REFUSALS_ARE_BARE.tolerates(exchange, String.join("; ", problems))) {
            return true;
        }
        if (!problems.isEmpty()) {
            throw Violation.of((answer.status() >= 400 ? "error answer is not a problem+json: " : "success answer is not JSON: ")
                    + exchange.endpoint() + " " + answer.status(), String.join("; ", problems), exchange);
        }
        return false;
    }

    static List<String> problemShape(Answer answer) {
        List<String> problems = new ArrayList<>();
        if (!answer.contentType().toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            problems.add("Content-Type is '" + answer.contentType() + "', not application/problem+json");
        }
        JsonNode body = answer.json();
        if (body == null || !body.isObject()) {
            problems.add("the body is not a JSON object");
            return problems;
        }
        for (String field : new String[] {"type", "title", "detail", "code"}) {
            if (!body.path(field).isTextual() || body.get(field).asText().isEmpty()) {
                problems.add("no text field '" + field + "'");
            }
        }
        if (!body.path("status").isIntegralNumber()) {
            problems.add("no number field 'status'");
        } else if (body.get("status").asInt() != answer.status()) {
            problems.add("'status' " + body.get("status").asInt() + " is not the HTTP status " + answer.status());
        }
        return problems;
    }

    static List<String> successShape(Answer answer) {
        List<String> problems = new ArrayList<>();
        if (answer.body().length > 0) {
            if (!answer.contentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
                problems.add("Content-Type is '" + answer.contentType() + "', not application/json");
            }
            if (answer.json() == null) {
                problems.add("the body is not JSON");
            }
        }
        return problems;
    }
}
