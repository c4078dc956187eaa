package dev.concurrency.support.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.problem.ProblemCode;
import jakarta.ws.rs.core.Response;

/**
 * Another service's answer, read as text whatever its content type (errors come as
 * application/problem+json, which REST clients do not deserialize on their own).
 */
public record PeerReply(int status, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static PeerReply read(Response response) {
        try (response) {
            String text = response.hasEntity() ? response.readEntity(String.class) : null;
            return new PeerReply(response.getStatus(), parse(text));
        }
    }

    /**
     * A peer's answer to a call worth repeating: a 5xx is thrown as {@link #serverFailure} (busy or
     * unavailable, for the caller's retry and circuit breaker); any other status is the answer.
     */
    public static PeerReply answer(Response response, String peer) {
        PeerReply reply = read(response);
        if (reply.serverError()) {
            throw reply.serverFailure(peer);
        }
        return reply;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean serverError() {
        return status >= 500;
    }

    /**
     * What a 5xx means for the caller: {@link PeerBusy} for 503 OVERLOADED (busy; retried, never
     * counted by a circuit breaker), {@link PeerUnavailable} for anything else.
     */
    public RuntimeException serverFailure(String peer) {
        String what = peer + " answered " + status + (code().isEmpty() ? "" : " " + code());
        return status == 503 && is(CommonProblem.OVERLOADED) ? new PeerBusy(what) : new PeerUnavailable(what);
    }

    /** The problem code of an error answer, or "" if there is none. */
    public String code() {
        return text("code");
    }

    /** Whether this is an error answer with that problem code. */
    public boolean is(ProblemCode problem) {
        return problem.code().equals(code());
    }

    /** Whether this is an error answer with one of those problem codes. */
    public boolean isAnyOf(ProblemCode... problems) {
        for (ProblemCode problem : problems) {
            if (is(problem)) {
                return true;
            }
        }
        return false;
    }

    /** A text field of the body, or "" if there is none. */
    public String text(String field) {
        return body == null || body.get(field) == null ? "" : body.get(field).asText();
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
