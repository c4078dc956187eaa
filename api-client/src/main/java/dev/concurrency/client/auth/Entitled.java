package dev.concurrency.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

/**
 * The identity entitled to make a request (docs/api.md#authentication), read off its method, path and body the way
 * the services read them (a path segment percent-decoded and parsed as a 64-bit integer, a body's
 * {@code memberId}, {@code sellerId} or {@code bidderId} as a JSON integer): for tests and tools that
 * send requests by path (bad input, fuzzing) and must fail for the reason they test, not for lack of
 * a token. A member id it cannot read (a bad path or body) gives some member, whose request is then
 * refused for its input (400) before any ownership check.
 */
public final class Entitled {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MEMBER_FIELDS = List.of("memberId", "sellerId", "bidderId");

    private Entitled() {
    }

    public static Identity to(String method, String path, String body) {
        String[] segments = path.split("\\?", 2)[0].split("/");
        String first = segments.length > 1 ? segments[1] : "";
        if (first.equals("payments") || first.equals("holds")) {
            return Identity.service();
        }
        if (first.equals("members")) {
            if (segments.length == 2) {
                return "POST".equals(method) ? Identity.admin() : Identity.someMember();
            }
            OptionalLong member = pathNumber(segments[2]);
            return member.isPresent() ? Identity.member(member.getAsLong()) : Identity.someMember();
        }
        if ("GET".equals(method) || first.equals("products")) {
            return Identity.admin(); // reads anything; creates and restocks products
        }
        if (path.split("\\?", 2)[0].endsWith("/close")) {
            return Identity.someMember();
        }
        return memberInBody(body).map(Identity::member).orElse(Identity.someMember());
    }

    private static java.util.Optional<Long> memberInBody(String body) {
        if (body == null || body.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(body);
            for (String field : MEMBER_FIELDS) {
                JsonNode value = json == null ? null : json.get(field);
                if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
                    return java.util.Optional.of(value.asLong());
                }
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // a body the service refuses as it stands
        }
        return java.util.Optional.empty();
    }

    /** A path segment as the services read an id from it: percent-decoded, then a 64-bit integer (or empty). */
    public static OptionalLong pathNumber(String segment) {
        return number(decode(segment));
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }

    private static OptionalLong number(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
