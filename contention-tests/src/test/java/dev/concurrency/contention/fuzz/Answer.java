package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One HTTP answer as it arrived. {@code status} is 0 when none came (refused, reset, timed out);
 * {@code failure} then says why.
 */
record Answer(int status, List<Request.Header> headers, byte[] body, String failure) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Answer none(String why) {
        return new Answer(0, List.of(), new byte[0], why);
    }

    boolean answered() {
        return status != 0;
    }

    boolean success() {
        return status >= 200 && status < 300;
    }

    String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Request.Header::value).findFirst().orElse(null);
    }

    String contentType() {
        String type = header("Content-Type");
        return type == null ? "" : type;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON, or null when it is empty or not JSON. */
    JsonNode json() {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The problem code of an error answer, or null. */
    String code() {
        JsonNode json = json();
        return json != null && json.path("code").isTextual() ? json.get("code").asText() : null;
    }

    boolean replayed() {
        return header("Idempotent-Replayed") != null;
    }

    /** "404 MEMBER_NOT_FOUND", "201", or "no answer (…)". */
    String outcome() {
        if (!answered()) {
            return "no answer (" + failure + ")";
        }
        String code = code();
        return code == null || success() ? Integer.toString(status) : status + " " + code;
    }

    String describe() {
        if (!answered()) {
            return "no answer: " + failure;
        }
        StringBuilder text = new StringBuilder(Integer.toString(status));
        for (Request.Header h : headers) {
            if (!h.name().equalsIgnoreCase("date") && !h.name().equalsIgnoreCase("content-length")) {
                text.append("\n    ").append(h.name()).append(": ").append(h.value());
            }
        }
        if (body.length > 0) {
            text.append("\n    body: ").append(Request.abbreviate(Request.printable(text()), 800));
        }
        return text.toString();
    }
}
