package dev.concurrency.point;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/api.md#point-service payments request by request: pay, repeat, refund, void tombstones, bad input. */
@QuarkusTest
class PaymentApiTest extends PointServiceTest {

    @Test
    void payThenRepeatThenGet() {
        long member = memberWith(1000);
        String id = "api-pay-" + member;

        Reply paid = pay(id, member, 300);
        assertEquals(201, paid.status(), () -> "pay: " + paid);
        assertPayment(paid, id, member, 300, "PAID");
        assertEquals(700, api.assertLedgerMatches(member));

        Reply again = pay(id, member, 300);
        assertEquals(200, again.status(), () -> "repeat: " + again);
        assertEquals(paid.body(), again.body(), "a repeat answers the same body");
        assertEquals(700, api.assertLedgerMatches(member), "a repeat takes nothing more");

        Reply got = api.get("/payments/" + id);
        assertEquals(200, got.status());
        assertPayment(got, id, member, 300, "PAID");

        assertEquals(Map.of("PAYMENT", 1), entriesFor(member, id));
        JsonNode entry = api.ledger(member).get(0);
        assertEquals("PAYMENT", entry.get("type").asText());
        assertEquals(300, entry.get("amount").asLong());
        assertEquals(700, entry.get("balanceAfter").asLong());
        assertEquals(id, entry.get("reference").asText());
    }

    @Test
    void insufficientPointsIsRefusedAndNotRemembered() {
        long member = memberWith(100);
        String id = "api-short-" + member;

        Reply refused = pay(id, member, 101);
        assertProblem(refused, 409, "INSUFFICIENT_POINTS");
        assertEquals(100, api.assertLedgerMatches(member));
        assertEquals(Map.of(), entriesFor(member, id));
        assertProblem(api.get("/payments/" + id), 404, "PAYMENT_NOT_FOUND");

        // Nothing was remembered: once the money is there, the same id pays.
        api.charge(member, 1);
        assertEquals(201, pay(id, member, 101).status());
        assertEquals(0, api.assertLedgerMatches(member));
    }

    @Test
    void unknownMemberIsRefusedAndNoPaymentExists() {
        long missing = api.newMember("pay-probe") + 1_000_000;
        String id = "api-nomember-" + missing;

        assertProblem(pay(id, missing, 10), 404, "MEMBER_NOT_FOUND");
        assertProblem(api.get("/payments/" + id), 404, "PAYMENT_NOT_FOUND");
        assertEquals(404, api.points(missing).status(), "no member may have been created");
    }

    @Test
    void refundReturnsThePointsOnceAndThePaymentIdIsSpent() {
        long member = memberWith(500);
        String id = "api-refund-" + member;
        assertEquals(201, pay(id, member, 200).status());
        assertEquals(300, api.assertLedgerMatches(member));

        Reply refunded = refund(id);
        assertEquals(200, refunded.status(), () -> "refund: " + refunded);
        assertPayment(refunded, id, member, 200, "REFUNDED");
        assertEquals(500, api.assertLedgerMatches(member));

        Reply again = refund(id);
        assertEquals(200, again.status());
        assertEquals(refunded.body(), again.body(), "a repeated refund answers the same");
        assertEquals(500, api.assertLedgerMatches(member), "points come back only once");
        assertEquals(Map.of("PAYMENT", 1, "REFUND", 1), entriesFor(member, id));
        JsonNode newest = api.ledger(member).get(0);
        assertEquals("REFUND", newest.get("type").asText());
        assertEquals(200, newest.get("amount").asLong());
        assertEquals(id, newest.get("reference").asText());

        assertPayment(api.get("/payments/" + id), id, member, 200, "REFUNDED");
        assertProblem(pay(id, member, 200), 409, "PAYMENT_CANCELLED");
        assertEquals(500, api.assertLedgerMatches(member));
        assertEquals(Map.of("PAYMENT", 1, "REFUND", 1), entriesFor(member, id));
    }

    @Test
    void aRefundIsCreditedEvenAtTheBalanceLimitWhichOnlyChargesObey() {
        long member = memberWith(1000);
        String id = "api-refund-limit-" + member;
        assertEquals(201, pay(id, member, 300).status());
        api.chargeUpTo(member, 1_000_000_000);

        Reply refunded = refund(id);
        assertEquals(200, refunded.status(), () -> "refund at the limit: " + refunded);
        assertPayment(refunded, id, member, 300, "REFUNDED");
        assertEquals(1_000_000_300, api.assertLedgerMatches(member), "points owed are returned past the limit");
        assertProblem(api.charge(member, 1), 409, "BALANCE_LIMIT_EXCEEDED");
        assertEquals(1_000_000_300, api.assertLedgerMatches(member));
    }

    @Test
    void refundOfAPaymentThatNeverArrivedVoidsItAndALatePaymentIsRefused() {
        long member = memberWith(400);
        String id = "api-void-" + member;

        Reply voided = refund(id);
        assertEquals(200, voided.status(), () -> "void: " + voided);
        assertVoidedPayment(voided, id);
        assertEquals(voided.body(), refund(id).body(), "a repeated void answers the same");

        Reply got = api.get("/payments/" + id);
        assertEquals(200, got.status());
        assertVoidedPayment(got, id);

        // The late payment after the void.
        assertProblem(pay(id, member, 100), 409, "PAYMENT_CANCELLED");
        assertEquals(400, api.assertLedgerMatches(member));
        assertEquals(Map.of(), entriesFor(member, id));
        assertVoidedPayment(api.get("/payments/" + id), id);
    }

    @Test
    void theSameIdWithAnotherAmountOrMemberIsRefused() {
        long member = memberWith(500);
        long other = memberWith(500);
        String id = "api-reuse-" + member;
        Reply first = pay(id, member, 100);
        assertEquals(201, first.status());

        assertProblem(pay(id, member, 101), 422, "IDEMPOTENCY_KEY_REUSED");
        assertProblem(pay(id, other, 100), 422, "IDEMPOTENCY_KEY_REUSED");
        assertEquals(400, api.assertLedgerMatches(member));
        assertEquals(500, api.assertLedgerMatches(other));
        assertEquals(Map.of("PAYMENT", 1), entriesFor(member, id));
        assertEquals(Map.of(), entriesFor(other, id));
        assertEquals(first.body(), api.get("/payments/" + id).body());
    }

    @Test
    void aPaymentIdOfExactly100CharactersIsAccepted() {
        long member = memberWith(10);
        String id = (member + "-").repeat(100).substring(0, 100);
        assertEquals(201, pay(id, member, 10).status());
        assertPayment(api.get("/payments/" + id), id, member, 10, "PAID");
        assertEquals(0, api.assertLedgerMatches(member));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "10000001", "\"5\"", "1.5", "99999999999999999999999", "null", "true"})
    void badAmountsAreInvalidAmount(String amount) {
        long member = memberWith(100);
        String id = "api-bad-amount-" + member;
        Reply reply = api.post("/payments",
                "{\"paymentId\":\"" + id + "\",\"memberId\":" + member + ",\"amount\":" + amount + "}", null);
        assertProblem(reply, 400, "INVALID_AMOUNT");
        assertNothingChanged(member, id);
    }

    @Test
    void aMissingAmountIsInvalidAmount() {
        long member = memberWith(100);
        String id = "api-no-amount-" + member;
        assertProblem(api.post("/payments", "{\"paymentId\":\"" + id + "\",\"memberId\":" + member + "}", null),
                400, "INVALID_AMOUNT");
        assertNothingChanged(member, id);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"memberId\":%d,\"amount\":5}",
            "{\"paymentId\":null,\"memberId\":%d,\"amount\":5}",
            "{\"paymentId\":\"\",\"memberId\":%d,\"amount\":5}",
            "{\"paymentId\":\"   \",\"memberId\":%d,\"amount\":5}",
            "{\"paymentId\":\"LONG\",\"memberId\":%d,\"amount\":5}",
            "{\"paymentId\":5,\"memberId\":%d,\"amount\":5}",
            "{\"paymentId\":\"ID\",\"memberId\":\"x\",\"amount\":5,\"m\":%d}",
            "{\"paymentId\":\"ID\",\"amount\":5,\"m\":%d}",
            "{\"paymentId\":\"ID\",\"memberId\":1.5,\"amount\":5,\"m\":%d}",
            "{\"paymentId\":\"ID\",\"memberId\":99999999999999999999,\"amount\":5,\"m\":%d}",
            "{\"paymentId\":\"ID\",\"memberId\":%d,\"amount\":5",
            "[%d]"})
    void badRequestsAreInvalidRequest(String template) {
        long member = memberWith(100);
        String id = "api-bad-" + member;
        String body = String.format(template, member)
                .replace("LONG", "p".repeat(101))
                .replace("ID", id);
        assertProblem(api.post("/payments", body, null), 400, "INVALID_REQUEST");
        assertNothingChanged(member, id);
        // A 101-character id is refused on the other endpoints too.
        assertProblem(api.get("/payments/" + "p".repeat(101)), 400, "INVALID_REQUEST");
        assertProblem(refund("p".repeat(101)), 400, "INVALID_REQUEST");
    }

    // ------------------------------------------------------------------ helpers

    private void assertNothingChanged(long member, String id) {
        assertEquals(100, api.assertLedgerMatches(member));
        assertEquals(1, api.ledger(member).size(), "only the initial charge");
        assertProblem(api.get("/payments/" + id), 404, "PAYMENT_NOT_FOUND");
    }
}
