package dev.concurrency.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP/1.1 with Java's client; thread-safe, one instance shared by many threads. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final Duration timeout;

    public Http(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Http() {
        this(Duration.ofSeconds(120));
    }

    public Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public Reply post(String url, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
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
