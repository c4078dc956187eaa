package dev.concurrency.point;

import dev.concurrency.client.Reply;
import dev.concurrency.client.auth.AccessRules;
import dev.concurrency.client.auth.AccessRules.Rule;
import dev.concurrency.client.auth.Identity;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.concurrency.client.auth.Identity.admin;
import static dev.concurrency.client.auth.Identity.member;
import static dev.concurrency.client.auth.Identity.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/api.md#authentication on every endpoint of point-service, black-box: 401 without a valid token (none,
 * expired, another issuer or key, alg none, HS256 with the public key), 403 for an identity without
 * the right, the answer for the one with it; and what was refused changed nothing.
 */
@QuarkusTest
class AuthRulesTest extends PointServiceTest {

    @Test
    void everyEndpointAdmitsOnlyWhomTheContractNames() {
        long owner = api.newMember("owner");
        long other = api.newMember("other");
        api.chargeUpTo(owner, 1_000);
        Identity me = member(owner);
        Identity stranger = member(other);

        List<Rule> rules = List.of(
                Rule.post("/members", "{\"name\":\"new\"}", admin(), 201, me, service()),
                Rule.get("/members/" + owner, me, stranger),
                Rule.get("/members/" + owner, admin()),
                Rule.get("/members/" + owner, service()),
                Rule.get("/members/" + owner + "/points", me, stranger, service()),
                Rule.get("/members/" + owner + "/points", admin()),
                Rule.post("/members/" + owner + "/points/charge", "{\"amount\":10}", me, 200, stranger, admin(), service()),
                Rule.post("/members/" + owner + "/points/use", "{\"amount\":5}", me, 200, stranger, admin(), service()),
                Rule.get("/members/" + owner + "/points/history", me, stranger, service()),
                Rule.get("/members/" + owner + "/points/history", admin()),
                Rule.post("/payments", "{\"paymentId\":\"auth-pay-" + owner + "\",\"memberId\":" + owner + ",\"amount\":100}",
                        service(), 201, me, admin()),
                Rule.get("/payments/auth-pay-" + owner, service(), me, admin()),
                Rule.post("/payments/auth-pay-" + owner + "/refund", "", service(), 200, me, admin()),
                Rule.post("/holds", "{\"holdId\":\"auth-hold-" + owner + "\",\"memberId\":" + owner + ",\"amount\":50}",
                        service(), 201, me, admin()),
                Rule.get("/holds/auth-hold-" + owner, service(), me, admin()),
                Rule.post("/holds/auth-hold-" + owner + "/capture", "{\"payeeMemberId\":" + other + "}", service(), 200, me, stranger, admin()),
                Rule.post("/holds/auth-hold-again-" + owner + "/release", "", service(), 200, me, admin()));
        List<String> wrong = new ArrayList<>();
        for (Rule rule : rules) {
            wrong.addAll(AccessRules.violations(http, base.toString(), rule));
        }
        assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));

        // Only the allowed requests took effect: +10 -5 charged and used, 100 paid and refunded, 50 captured.
        assertEquals(1_000 + 10 - 5 - 50, api.points(owner).number("balance"));
        assertEquals(50, api.points(other).number("balance"));
    }

    /** An Idempotency-Key belongs to its caller: a refusal for lack of the right is not its answer, nor is another's answer shown. */
    @Test
    void aKeyAnswersOnlyItsOwnCaller() {
        long owner = api.newMember("key-owner");
        long other = api.newMember("key-other");
        String url = base.toString() + "members/" + owner + "/points/charge";

        Reply refused = http.post(url, "{\"amount\":7}", "shared-key-" + owner, member(other));
        assertEquals(403, refused.status(), refused::toString);
        Reply charged = http.post(url, "{\"amount\":7}", "shared-key-" + owner, member(owner));
        assertEquals(200, charged.status(), () -> "the owner's first use of the key is served, not the stranger's 403: " + charged);
        Reply replayed = http.post(url, "{\"amount\":7}", "shared-key-" + owner, member(owner));
        assertTrue(replayed.sameAnswerAs(charged), replayed::toString);
        Reply stranger = http.post(url, "{\"amount\":7}", "shared-key-" + owner, member(other));
        assertEquals(422, stranger.status(), () -> "another caller must not be shown the owner's answer: " + stranger);
        assertEquals("IDEMPOTENCY_KEY_REUSED", stranger.code());
        assertEquals(7, api.points(owner).number("balance"));
    }
}
