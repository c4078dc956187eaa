package dev.concurrency.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.auth.Entitled;
import dev.concurrency.client.auth.Identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** point-service's public API (docs/api.md#point-service) at one base URL, plus its invariants; each call made as the identity that may make it. */
public final class PointClient {

    private final Http http;
    private final String base;

    public PointClient(Http http, String baseUrl) {
        this.http = http;
        this.base = Http.trimSlash(baseUrl);
    }

    public String baseUrl() {
        return base;
    }

    public Reply createMember(String name, String idempotencyKey) {
        return http.post(base + "/members", "{\"name\":\"" + name + "\"}", idempotencyKey, Identity.admin());
    }

    /** Creates a member and returns its id, or fails. */
    public long newMember(String name) {
        Reply reply = createMember(name, null);
        if (reply.status() != 201) {
            throw new AssertionError("creating member '" + name + "' failed: " + reply);
        }
        long id = reply.number("id");
        // Signs the member's token now, in the set-up: a burst released later must not pay for thousands of RSA signatures.
        http.tokens().token(Identity.member(id));
        return id;
    }

    public Reply member(long id) {
        return http.get(base + "/members/" + id, Identity.member(id));
    }

    public Reply points(long memberId) {
        return http.get(base + "/members/" + memberId + "/points", Identity.member(memberId));
    }

    public Reply charge(long memberId, long amount) {
        return charge(memberId, amount, null);
    }

    public Reply charge(long memberId, long amount, String idempotencyKey) {
        return http.post(base + "/members/" + memberId + "/points/charge", "{\"amount\":" + amount + "}", idempotencyKey, Identity.member(memberId));
    }

    /** Charges the member (10,000,000 at most per charge) until the balance is {@code balance}. */
    public void chargeUpTo(long memberId, long balance) {
        Reply now = points(memberId);
        if (now.status() != 200) {
            throw new AssertionError("points of member " + memberId + " failed: " + now);
        }
        for (long missing = balance - now.body().get("balance").asLong(); missing > 0; ) {
            long amount = Math.min(missing, 10_000_000);
            Reply charged = charge(memberId, amount);
            if (charged.status() != 200) {
                throw new AssertionError("charge of " + amount + " to member " + memberId + " failed: " + charged);
            }
            missing -= amount;
        }
    }

    public Reply use(long memberId, long amount) {
        return use(memberId, amount, null);
    }

    public Reply use(long memberId, long amount, String idempotencyKey) {
        return http.post(base + "/members/" + memberId + "/points/use", "{\"amount\":" + amount + "}", idempotencyKey, Identity.member(memberId));
    }

    public Reply history(long memberId, int limit, String cursor) {
        return http.get(base + "/members/" + memberId + "/points/history?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), Identity.member(memberId));
    }

    /** GET as the identity entitled to it ({@link Entitled}). */
    public Reply get(String path) {
        return get(path, Entitled.to("GET", path, null));
    }

    /** POST as the identity entitled to it ({@link Entitled}). */
    public Reply post(String path, String json, String idempotencyKey) {
        return post(path, json, idempotencyKey, Entitled.to("POST", path, json));
    }

    public Reply get(String path, Identity as) {
        return http.get(base + path, as);
    }

    public Reply post(String path, String json, String idempotencyKey, Identity as) {
        return http.post(base + path, json, idempotencyKey, as);
    }

    /** Every ledger entry of the member, newest first, read page by page. */
    public List<JsonNode> ledger(long memberId) {
        return Pages.all(http, base + "/members/" + memberId + "/points/history", Identity.member(memberId), "history of member " + memberId);
    }

    /** Sum of the member's ledger amounts by entry type. */
    public Map<String, Long> ledgerTotals(long memberId) {
        Map<String, Long> totals = new TreeMap<>();
        for (JsonNode entry : ledger(memberId)) {
            totals.merge(entry.get("type").asText(), entry.get("amount").asLong(), Long::sum);
        }
        return totals;
    }

    /**
     * docs/api.md#point-service's ledger invariant and "nothing negative": balance = CHARGE + REFUND + PAYOUT -
     * USE - PAYMENT - CAPTURE, available = balance - held, nothing below zero. Returns the balance.
     */
    public long assertLedgerMatches(long memberId) {
        Reply points = points(memberId);
        if (points.status() != 200) {
            throw new AssertionError("points of member " + memberId + " failed: " + points);
        }
        Map<String, Long> t = ledgerTotals(memberId);
        long fromLedger = t.getOrDefault("CHARGE", 0L) + t.getOrDefault("REFUND", 0L) + t.getOrDefault("PAYOUT", 0L)
                - t.getOrDefault("USE", 0L) - t.getOrDefault("PAYMENT", 0L) - t.getOrDefault("CAPTURE", 0L);
        long balance = points.number("balance");
        long held = points.number("held");
        long available = points.number("available");
        if (fromLedger != balance) {
            throw new AssertionError("member " + memberId + ": ledger " + t + " does not add up to balance " + balance);
        }
        if (balance < 0 || held < 0 || available < 0 || available != balance - held) {
            throw new AssertionError("member " + memberId + ": impossible points " + points.body());
        }
        return balance;
    }
}
