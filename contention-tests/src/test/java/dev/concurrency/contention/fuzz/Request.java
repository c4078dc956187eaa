package dev.concurrency.contention.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP request exactly as the fuzz sends it: the method, the request target (already
 * percent-encoded), the headers in order (a {@code Host} header here replaces the default one) and
 * the body bytes, optionally sent chunked.
 */
record Request(String method, String target, List<Header> headers, byte[] body, boolean chunked) {

    record Header(String name, String value) {
    }

    static Request get(String target) {
        return new Request("GET", target, List.of(), new byte[0], false);
    }

    /** A POST with a JSON body (or none when {@code json} is null), as every state-changing endpoint takes it. */
    static Request post(String target, String json) {
        Request request = new Request("POST", target, List.of(), json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8), false);
        return request.header("Content-Type", "application/json");
    }

    Request header(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new Request(method, target, List.copyOf(more), body, chunked);
    }

    Request withoutHeader(String name) {
        return new Request(method, target, headers.stream().filter(h -> !h.name().equalsIgnoreCase(name)).toList(), body, chunked);
    }

    Request withKey(String idempotencyKey) {
        Request plain = withoutHeader(Keys.HEADER);
        return idempotencyKey == null ? plain : plain.header(Keys.HEADER, idempotencyKey);
    }

    Request withBody(byte[] bytes) {
        return new Request(method, target, headers, bytes, chunked);
    }

    Request withJson(String json) {
        return withBody(json.getBytes(StandardCharsets.UTF_8));
    }

    Request sentChunked() {
        return new Request(method, target, headers, body, true);
    }

    String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The path without the query, still encoded. */
    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The request as a failure message shows it: method, target, headers and (abbreviated) body. */
    String describe() {
        StringBuilder text = new StringBuilder(method).append(' ').append(abbreviate(target, 400));
        for (Header h : headers) {
            text.append("\n    ").append(h.name()).append(": ").append(quoted(h.value(), 200));
        }
        if (chunked) {
            text.append("\n    (body sent chunked)");
        }
        if (body.length > 0) {
            text.append("\n    body (").append(body.length).append(" bytes): ").append(abbreviate(printable(bodyText()), 600));
        }
        return text.toString();
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }

    /** Shows control and non-ASCII characters as escapes, so a message says which bytes were sent. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else if (c <= 0xffff) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append(String.format("\\u{%x}", c));
            }
        });
        return out.toString();
    }

    private static String quoted(String value, int max) {
        return "\"" + abbreviate(printable(value), max) + "\"";
    }
}
