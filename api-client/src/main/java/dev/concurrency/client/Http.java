package dev.concurrency.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concurrency.client.auth.Entitled;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.auth.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON over HTTP/1.1 with Java's client; thread-safe, one instance shared by many threads. Every
 * request is made as an {@link Identity}, whose bearer token comes from {@link Tokens}.
 */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final Duration timeout;
    private final Tokens tokens;

    public Http(Duration timeout, Tokens tokens) {
        this.timeout = timeout;
        this.tokens = tokens;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Http(Duration timeout) {
        this(timeout, Tokens.shared());
    }

    public Http() {
        this(Duration.ofSeconds(120));
    }

    public Tokens tokens() {
        return tokens;
    }

    /** GET as the identity entitled to it ({@link Entitled}). */
    public Reply get(String url) {
        return get(url, Entitled.to("GET", URI.create(url).getRawPath(), null));
    }

    /** POST as the identity entitled to it ({@link Entitled}). */
    public Reply post(String url, String json, String idempotencyKey) {
        return post(url, json, idempotencyKey, Entitled.to("POST", URI.create(url).getRawPath(), json));
    }

    public Reply get(String url, Identity as) {
        return send(authorized(HttpRequest.newBuilder(URI.create(url)).GET(), as));
    }

    public Reply post(String url, String json, String idempotencyKey, Identity as) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(authorized(request, as));
    }

    /** Adds the identity's bearer token (none for {@link Identity#ANONYMOUS}). */
    public HttpRequest.Builder authorized(HttpRequest.Builder request, Identity as) {
        String token = tokens.token(as);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    public Reply send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = null;
            if (text != null && !text.isBlank()) {
                try {
                    body = JSON.readTree(text);
                } catch (IOException notJson) {
                    body = JSON.getNodeFactory().textNode(text);
                }
            }
            return new Reply(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""),
                    System.nanoTime() - start, null);
        } catch (IOException e) {
            return new Reply(0, null, "", System.nanoTime() - start, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, "", System.nanoTime() - start, e.toString());
        }
    }

    public static String trimSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
