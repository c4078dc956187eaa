package dev.concurrency.client.auth;

import dev.concurrency.client.Http;
import dev.concurrency.client.Reply;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks one endpoint against docs/api.md#authentication, black-box: no token and every forged token (see
 * {@link ForgedTokens}) get 401 {@code UNAUTHENTICATED} with {@code WWW-Authenticate: Bearer}; each
 * identity without the right gets 403 {@code FORBIDDEN}; then the identity with the right gets the
 * expected status. Refusals come first, so the allowed request shows they changed nothing it depends on.
 */
public final class AccessRules {

    /** An endpoint as {@code allowed} may call it (answered {@code allowedStatus}), and who may not. */
    public record Rule(String method, String path, String body, Identity allowed, int allowedStatus, List<Identity> refused) {

        public static Rule get(String path, Identity allowed, Identity... refused) {
            return new Rule("GET", path, null, allowed, 200, List.of(refused));
        }

        public static Rule post(String path, String body, Identity allowed, int allowedStatus, Identity... refused) {
            return new Rule("POST", path, body, allowed, allowedStatus, List.of(refused));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AccessRules() {
    }

    /** What the endpoint got wrong, one line each; empty when it follows the rule. */
    public static List<String> violations(Http http, String baseUrl, Rule rule) {
        List<String> wrong = new ArrayList<>();
        String url = Http.trimSlash(baseUrl) + rule.path();
        HttpResponse<String> anonymous = raw(url, rule, null);
        if (anonymous.statusCode() != 401 || !anonymous.body().contains("\"UNAUTHENTICATED\"")
                || !anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer")
                || !anonymous.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            wrong.add(rule + " without a token: " + anonymous.statusCode() + " " + anonymous.headers().map() + " " + anonymous.body());
        }
        for (Map.Entry<String, String> forged : ForgedTokens.of(http.tokens(), rule.allowed()).entrySet()) {
            HttpResponse<String> answer = raw(url, rule, forged.getValue());
            if (answer.statusCode() != 401 || !answer.body().contains("\"UNAUTHENTICATED\"")) {
                wrong.add(rule + " with a token of " + forged.getKey() + ": " + answer.statusCode() + " " + answer.body());
            }
        }
        for (Identity refused : rule.refused()) {
            Reply answer = send(http, url, rule, refused);
            if (answer.status() != 403 || !"FORBIDDEN".equals(answer.code())) {
                wrong.add(rule + " as " + refused + ": " + answer);
            }
        }
        Reply allowed = send(http, url, rule, rule.allowed());
        if (allowed.status() != rule.allowedStatus()) {
            wrong.add(rule + " as " + rule.allowed() + " (allowed): " + allowed);
        }
        return wrong;
    }

    private static Reply send(Http http, String url, Rule rule, Identity as) {
        return rule.method().equals("GET") ? http.get(url, as) : http.post(url, rule.body() == null ? "" : rule.body(), null, as);
    }

    private static HttpResponse<String> raw(String url, Rule rule, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (rule.method().equals("GET")) {
            request.GET();
        } else {
            request.POST(HttpRequest.BodyPublishers.ofString(rule.body() == null ? "" : rule.body()));
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(rule + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
