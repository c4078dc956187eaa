package dev.concurrency.point;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plain HTTP client of point-service for tests: thread-safe, so many threads can share it. */
final class PointsApi {

    record Reply(int status, JsonNode body, String contentType) {
        String code() {
            return body == null || body.get("code") == null ? null : body.get("code").asText();
        }

        long number(String field) {
            return body.get(field).asLong();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    PointsApi(URI base) {
        String s = base.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    long createMember(String name) {
        Reply reply = post("/members", "{\"name\":\"" + name + "\"}", null);
        assertEquals(201, reply.status(), () -> "create member: " + reply);
        return reply.number("id");
    }

    Reply charge(long memberId, long amount) {
        return post("/members/" + memberId + "/points/charge", "{\"amount\":" + amount + "}", null);
    }

    Reply use(long memberId, long amount) {
        return post("/members/" + memberId + "/points/use", "{\"amount\":" + amount + "}", null);
    }

    Reply points(long memberId) {
        return get("/members/" + memberId + "/points");
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply post(String path, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? null : JSON.readTree(text);
            return new Reply(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sums of the member's whole ledger, by type, read page by page through the API. */
    Map<LedgerType, Long> ledgerTotals(long memberId) {
        Map<LedgerType, Long> totals = new EnumMap<>(LedgerType.class);
        String cursor = null;
        do {
            Reply page = get("/members/" + memberId + "/points/history?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), () -> "history: " + page);
            for (JsonNode item : page.body().get("items")) {
                totals.merge(LedgerType.valueOf(item.get("type").asText()), item.get("amount").asLong(), Long::sum);
            }
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return totals;
    }

    /** The ledger invariant of CONTRACT §3, plus nothing negative. Returns the balance. */
    long assertLedgerMatches(long memberId) {
        Reply points = points(memberId);
        assertEquals(200, points.status());
        Map<LedgerType, Long> t = ledgerTotals(memberId);
        long fromLedger = t.getOrDefault(LedgerType.CHARGE, 0L) + t.getOrDefault(LedgerType.REFUND, 0L)
                + t.getOrDefault(LedgerType.PAYOUT, 0L) - t.getOrDefault(LedgerType.USE, 0L)
                - t.getOrDefault(LedgerType.PAYMENT, 0L) - t.getOrDefault(LedgerType.CAPTURE, 0L);
        long balance = points.number("balance");
        assertEquals(fromLedger, balance, () -> "ledger " + t + " does not add up to balance " + balance);
        assertTrue(balance >= 0 && points.number("available") >= 0, () -> "negative points: " + points);
        assertEquals(balance - points.number("held"), points.number("available"));
        return balance;
    }
}
