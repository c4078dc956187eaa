package dev.concurrency.point;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.auth.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What point-service's tests over HTTP share: the running service's base URI, a client of its API
 * (a new one for each test), and the helpers several of them use: members with points, holds and
 * payments request by request, the ledger's view of them, and the checks of the answers.
 * {@code @QuarkusTest} and {@code @TestProfile} stay on the concrete test classes.
 */
abstract class PointServiceTest {

    @TestHTTPResource("/")
    URI base;
    Http http;
    PointClient api;

    @BeforeEach
    void client() {
        http = new Http();
        api = new PointClient(http, base.toString());
    }

    // ------------------------------------------------------------------ members and the ledger

    /** A new member, named after the test class, charged {@code points} (nothing for 0). */
    long memberWith(long points) {
        long member = api.newMember(getClass().getSimpleName());
        if (points > 0) {
            assertEquals(200, api.charge(member, points).status());
        }
        return member;
    }

    /** How many ledger entries of each type the member has with {@code reference = id}. */
    Map<String, Integer> entriesFor(long member, String id) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode entry : api.ledger(member)) {
            JsonNode reference = entry.get("reference");
            if (reference != null && !reference.isNull() && id.equals(reference.asText())) {
                counts.merge(entry.get("type").asText(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The other half of docs/api.md#point-service's ledger invariant: held = HOLD - RELEASE - CAPTURE amounts
     * (a capture ends its hold, so closed holds cancel out). Returns the held points.
     */
    long assertHeld(long member) {
        Reply points = api.points(member);
        assertEquals(200, points.status(), () -> "points of member " + member + ": " + points);
        Map<String, Long> t = api.ledgerTotals(member);
        long fromLedger = t.getOrDefault("HOLD", 0L) - t.getOrDefault("RELEASE", 0L) - t.getOrDefault("CAPTURE", 0L);
        assertEquals(fromLedger, points.number("held"), () -> "member " + member + ": ledger " + t + " vs " + points.body());
        return fromLedger;
    }

    // ------------------------------------------------------------------ holds and payments

    static String holdJson(String id, long member, long amount) {
        return "{\"holdId\":\"" + id + "\",\"memberId\":" + member + ",\"amount\":" + amount + "}";
    }

    Reply hold(String id, long member, long amount) {
        return api.post("/holds", holdJson(id, member, amount), null);
    }

    Reply release(String id) {
        return api.post("/holds/" + id + "/release", "", null);
    }

    Reply capture(String id, long payee) {
        return api.post("/holds/" + id + "/capture", "{\"payeeMemberId\":" + payee + "}", null);
    }

    Reply pay(String id, long member, long amount) {
        return api.post("/payments", "{\"paymentId\":\"" + id + "\",\"memberId\":" + member + ",\"amount\":" + amount + "}", null);
    }

    Reply refund(String id) {
        return api.post("/payments/" + id + "/refund", "", null);
    }

    // ------------------------------------------------------------------ requests built by hand

    /** A POST of {@code json} to the member's /points/{change} as the member, for what {@link PointClient} does not send. */
    HttpRequest.Builder pointsPost(long member, String change, String json) {
        return pointsPost(member, change, HttpRequest.BodyPublishers.ofString(json));
    }

    HttpRequest.Builder pointsPost(long member, String change, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(base.resolve("/members/" + member + "/points/" + change))
                .header("Content-Type", "application/json")
                .header("Authorization", Tokens.shared().bearer(Identity.member(member)))
                .POST(body);
    }

    /** The whole response, headers included, which a {@link Reply} leaves out. */
    static HttpResponse<String> sendForHeaders(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ answers

    static void assertProblem(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), () -> "expected " + status + " " + code + ", got " + reply);
        assertEquals("application/problem+json", reply.contentType());
        assertEquals(code, reply.code(), () -> "got " + reply);
        assertEquals(status, reply.number("status"));
    }

    static void assertHold(Reply reply, String id, long member, long amount, String status) {
        assertAnswer("holdId", reply, id, member, amount, status);
    }

    static void assertPayment(Reply reply, String id, long member, long amount, String status) {
        assertAnswer("paymentId", reply, id, member, amount, status);
    }

    /** The answer for a release of a hold that never arrived. */
    static void assertVoidedHold(Reply reply, String id) {
        assertTombstone("holdId", reply, id);
    }

    /** The answer for a refund of a payment that never arrived. */
    static void assertVoidedPayment(Reply reply, String id) {
        assertTombstone("paymentId", reply, id);
    }

    /** A hold or payment: a success with exactly its id, member, amount and status. */
    private static void assertAnswer(String idField, Reply reply, String id, long member, long amount, String status) {
        assertEquals(200 / 100, reply.status() / 100, () -> "expected a success, got " + reply);
        assertEquals(id, reply.body().get(idField).asText());
        assertEquals(member, reply.number("memberId"));
        assertEquals(amount, reply.number("amount"));
        assertEquals(status, reply.body().get("status").asText());
        assertEquals(4, reply.body().size(), () -> "exactly " + idField + ", memberId, amount, status: " + reply.body());
    }

    private static void assertTombstone(String idField, Reply reply, String id) {
        assertEquals(200, reply.status(), () -> "expected 200 VOIDED, got " + reply);
        assertEquals(id, reply.body().get(idField).asText());
        assertEquals("VOIDED", reply.body().get("status").asText());
        for (String field : new String[] {"memberId", "amount"}) {
            JsonNode value = reply.body().get(field);
            assertTrue(value == null || value.isNull(), () -> "a tombstone has no " + field + ": " + reply.body());
        }
    }

    // ------------------------------------------------------------------ timing

    static void pauseMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
