package dev.concurrency.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One HTTP answer. {@code status} is 0 when no answer came at all (connection refused or reset,
 * timeout): the outcome of such a request is unknown.
 */
public record Reply(int status, JsonNode body, String contentType, long latencyNanos, String error) {

    public boolean answered() {
        return status != 0;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The problem code of an error answer, the status for other answers, or the error for no answer. */
    public String outcome() {
        if (!answered()) {
            return "NO_ANSWER";
        }
        String code = code();
        return code != null ? code : Integer.toString(status);
    }

    public String code() {
        return body == null || body.get("code") == null ? null : body.get("code").asText();
    }

    public long number(String field) {
        JsonNode value = body == null ? null : body.get(field);
        if (value == null) {
            throw new IllegalStateException("no field '" + field + "' in " + this);
        }
        return value.asLong();
    }

    /** Same status and same body: what a replayed answer must be. */
    public boolean sameAnswerAs(Reply other) {
        return status == other.status && java.util.Objects.equals(body, other.body);
    }
}
