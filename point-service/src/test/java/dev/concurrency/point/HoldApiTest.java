package dev.concurrency.point;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/api.md#point-service holds request by request: hold, repeat, release, capture, void tombstones, bad input. */
@QuarkusTest
class HoldApiTest extends PointServiceTest {

    @Test
    void holdThenRepeatThenGet() {
        long member = memberWith(1000);
        String id = "api-hold-" + member;

        Reply held = hold(id, member, 300);
        assertEquals(201, held.status(), () -> "hold: " + held);
        assertHold(held, id, member, 300, "HELD");
        assertPoints(member, 1000, 300);

        Reply again = hold(id, member, 300);
        assertEquals(200, again.status(), () -> "repeat: " + again);
        assertEquals(held.body(), again.body(), "a repeat answers the same body");
        assertPoints(member, 1000, 300);

        Reply got = api.get("/holds/" + id);
        assertEquals(200, got.status());
        assertHold(got, id, member, 300, "HELD");

        assertEquals(Map.of("HOLD", 1), entriesFor(member, id));
        JsonNode entry = api.ledger(member).get(0);
        assertEquals("HOLD", entry.get("type").asText());
        assertEquals(300, entry.get("amount").asLong());
        assertEquals(1000, entry.get("balanceAfter").asLong(), "a hold leaves the balance alone");
        assertEquals(id, entry.get("reference").asText());
    }

    @Test
    void holdsTakeFromAvailableSoTwoHoldsCannotExceedTheBalance() {
        long member = memberWith(500);
        String first = "api-short-a-" + member;
        String second = "api-short-b-" + member;

        assertEquals(201, hold(first, member, 300).status());
        assertProblem(hold(second, member, 201), 409, "INSUFFICIENT_POINTS");
        assertProblem(api.get("/holds/" + second), 404, "HOLD_NOT_FOUND");
        assertEquals(Map.of(), entriesFor(member, second));
        assertPoints(member, 500, 300);

        // Held points cannot be used either; what is left can be held.
        assertProblem(api.use(member, 201), 409, "INSUFFICIENT_POINTS");
        assertEquals(201, hold(second, member, 200).status(), "nothing was remembered of the refused hold");
        assertPoints(member, 500, 500);
        assertProblem(api.use(member, 1), 409, "INSUFFICIENT_POINTS");
        assertProblem(pay("api-short-pay-" + member, member, 1), 409, "INSUFFICIENT_POINTS");
        assertPoints(member, 500, 500);
    }

    @Test
    void unknownMemberIsRefusedAndNoHoldExists() {
        long missing = api.newMember("hold-probe") + 1_000_000;
        String id = "api-nomember-" + missing;

        assertProblem(hold(id, missing, 10), 404, "MEMBER_NOT_FOUND");
        assertProblem(api.get("/holds/" + id), 404, "HOLD_NOT_FOUND");
        assertEquals(404, api.points(missing).status(), "no member may have been created");
    }

    @Test
    void theSameIdWithAnotherAmountOrMemberIsRefused() {
        long member = memberWith(500);
        long other = memberWith(500);
        String id = "api-reuse-" + member;
        Reply first = hold(id, member, 100);
        assertEquals(201, first.status());

        assertProblem(hold(id, member, 101), 422, "IDEMPOTENCY_KEY_REUSED");
        assertProblem(hold(id, other, 100), 422, "IDEMPOTENCY_KEY_REUSED");
        assertPoints(member, 500, 100);
        assertPoints(other, 500, 0);
        assertEquals(Map.of("HOLD", 1), entriesFor(member, id));
        assertEquals(Map.of(), entriesFor(other, id));
        assertEquals(first.body(), api.get("/holds/" + id).body());
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() {
        long member = memberWith(500);
        String id = "api-key-" + member;
        String body = holdJson(id, member, 100);

        Reply first = api.post("/holds", body, "key-" + id);
        assertEquals(201, first.status(), () -> "hold: " + first);
        Reply replay = api.post("/holds", body, "key-" + id);
        assertEquals(201, replay.status(), "the recorded answer, status included");
        assertEquals(first.body(), replay.body());
        assertProblem(api.post("/holds", holdJson(id, member, 101), "key-" + id), 422, "IDEMPOTENCY_KEY_REUSED");
        assertPoints(member, 500, 100);
    }

    @Test
    void releaseGivesThePointsBackOnceAndTheHoldIdIsSpent() {
        long member = memberWith(500);
        long payee = memberWith(0);
        String id = "api-release-" + member;
        assertEquals(201, hold(id, member, 200).status());

        Reply released = release(id);
        assertEquals(200, released.status(), () -> "release: " + released);
        assertHold(released, id, member, 200, "RELEASED");
        assertPoints(member, 500, 0);

        Reply again = release(id);
        assertEquals(200, again.status());
        assertEquals(released.body(), again.body(), "a repeated release answers the same");
        assertPoints(member, 500, 0);
        assertEquals(Map.of("HOLD", 1, "RELEASE", 1), entriesFor(member, id));
        JsonNode newest = api.ledger(member).get(0);
        assertEquals("RELEASE", newest.get("type").asText());
        assertEquals(200, newest.get("amount").asLong());
        assertEquals(id, newest.get("reference").asText());

        assertHold(api.get("/holds/" + id), id, member, 200, "RELEASED");
        assertProblem(hold(id, member, 200), 409, "HOLD_CANCELLED");
        assertProblem(capture(id, payee), 409, "HOLD_NOT_ACTIVE");
        assertPoints(member, 500, 0);
        assertPoints(payee, 0, 0);
        assertEquals(Map.of("HOLD", 1, "RELEASE", 1), entriesFor(member, id));
    }

    @Test
    void releaseOfAHoldThatNeverArrivedVoidsItAndALateHoldIsRefused() {
        long member = memberWith(400);
        long payee = memberWith(0);
        String id = "api-void-" + member;

        Reply voided = release(id);
        assertVoidedHold(voided, id);
        assertEquals(voided.body(), release(id).body(), "a repeated void answers the same");
        assertVoidedHold(api.get("/holds/" + id), id);

        // The late hold after the void.
        assertProblem(hold(id, member, 100), 409, "HOLD_CANCELLED");
        assertProblem(capture(id, payee), 409, "HOLD_NOT_ACTIVE");
        assertPoints(member, 400, 0);
        assertPoints(payee, 0, 0);
        assertEquals(Map.of(), entriesFor(member, id));
        assertVoidedHold(api.get("/holds/" + id), id);
    }

    @Test
    void captureMovesTheHeldPointsToThePayeeOnce() {
        long holder = memberWith(1000);
        long payee = memberWith(50);
        String id = "api-capture-" + holder;
        assertEquals(201, hold(id, holder, 400).status());
        assertEquals(201, hold(id + "-other", holder, 100).status());

        Reply captured = capture(id, payee);
        assertEquals(200, captured.status(), () -> "capture: " + captured);
        assertHold(captured, id, holder, 400, "CAPTURED");
        assertPoints(holder, 600, 100);
        assertPoints(payee, 450, 0);

        JsonNode capture = api.ledger(holder).get(0);
        assertEquals("CAPTURE", capture.get("type").asText());
        assertEquals(400, capture.get("amount").asLong());
        assertEquals(600, capture.get("balanceAfter").asLong());
        assertEquals(id, capture.get("reference").asText());
        JsonNode payout = api.ledger(payee).get(0);
        assertEquals("PAYOUT", payout.get("type").asText());
        assertEquals(400, payout.get("amount").asLong());
        assertEquals(450, payout.get("balanceAfter").asLong());
        assertEquals(id, payout.get("reference").asText());

        // Once only: a repeat answers the same and moves nothing.
        Reply again = capture(id, payee);
        assertEquals(200, again.status());
        assertEquals(captured.body(), again.body());
        assertHold(api.get("/holds/" + id), id, holder, 400, "CAPTURED");
        assertPoints(holder, 600, 100);
        assertPoints(payee, 450, 0);
        assertEquals(Map.of("HOLD", 1, "CAPTURE", 1), entriesFor(holder, id));
        assertEquals(Map.of("PAYOUT", 1), entriesFor(payee, id));
    }

    @Test
    void aPayeeAtTheBalanceLimitIsStillPaid() {
        long holder = memberWith(1000);
        long payee = memberWith(10);
        api.chargeUpTo(payee, 1_000_000_000);
        String id = "api-capture-limit-" + holder;
        assertEquals(201, hold(id, holder, 400).status());

        Reply captured = capture(id, payee);
        assertEquals(200, captured.status(), () -> "capture to a payee at the limit: " + captured);
        assertHold(captured, id, holder, 400, "CAPTURED");
        assertPoints(holder, 600, 0);
        assertPoints(payee, 1_000_000_400, 0);
    }

    @Test
    void aCapturedHoldCannotBeReleasedNorCapturedToAnotherPayee() {
        long holder = memberWith(1000);
        long payee = memberWith(0);
        long other = memberWith(0);
        String id = "api-captured-" + holder;
        assertEquals(201, hold(id, holder, 300).status());
        assertEquals(200, capture(id, payee).status());

        assertProblem(release(id), 409, "HOLD_ALREADY_CAPTURED");
        assertProblem(capture(id, other), 422, "IDEMPOTENCY_KEY_REUSED");
        // A late repeat of the hold itself answers what became of it, and holds nothing more.
        Reply repeat = hold(id, holder, 300);
        assertEquals(200, repeat.status());
        assertHold(repeat, id, holder, 300, "CAPTURED");

        assertPoints(holder, 700, 0);
        assertPoints(payee, 300, 0);
        assertPoints(other, 0, 0);
        assertEquals(Map.of("HOLD", 1, "CAPTURE", 1), entriesFor(holder, id));
    }

    @Test
    void captureAfterReleaseIsNotActive() {
        long holder = memberWith(300);
        long payee = memberWith(0);
        String id = "api-late-capture-" + holder;
        assertEquals(201, hold(id, holder, 300).status());
        assertEquals(200, release(id).status());

        assertProblem(capture(id, payee), 409, "HOLD_NOT_ACTIVE");
        assertPoints(holder, 300, 0);
        assertPoints(payee, 0, 0);
    }

    @Test
    void captureOfAnUnknownHoldOrToAnUnknownPayeeIsNotFoundAndChangesNothing() {
        long holder = memberWith(300);
        long missing = api.newMember("payee-probe") + 1_000_000;
        String id = "api-capture-404-" + holder;

        assertProblem(capture(id, holder), 404, "HOLD_NOT_FOUND");
        assertProblem(api.get("/holds/" + id), 404, "HOLD_NOT_FOUND"); // a capture leaves no tombstone

        assertEquals(201, hold(id, holder, 200).status());
        assertProblem(capture(id, missing), 404, "MEMBER_NOT_FOUND");
        assertHold(api.get("/holds/" + id), id, holder, 200, "HELD");
        assertPoints(holder, 300, 200);
        assertEquals(404, api.points(missing).status(), "no member may have been created");
        assertEquals(Map.of("HOLD", 1), entriesFor(holder, id));
    }

    @Test
    void aCaptureToTheHolderHimselfOnlyEndsTheHold() {
        long member = memberWith(800);
        String id = "api-self-" + member;
        assertEquals(201, hold(id, member, 300).status());

        assertHold(capture(id, member), id, member, 300, "CAPTURED");
        assertPoints(member, 800, 0);
        assertEquals(Map.of("HOLD", 1, "CAPTURE", 1, "PAYOUT", 1), entriesFor(member, id));
    }

    @Test
    void aHoldIdOfExactly100CharactersIsAccepted() {
        long member = memberWith(10);
        String id = (member + "-").repeat(100).substring(0, 100);
        assertEquals(201, hold(id, member, 10).status());
        assertHold(api.get("/holds/" + id), id, member, 10, "HELD");
        assertHold(release(id), id, member, 10, "RELEASED");
        assertPoints(member, 10, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "10000001", "\"5\"", "1.5", "99999999999999999999999", "null", "true"})
    void badAmountsAreInvalidAmount(String amount) {
        long member = memberWith(100);
        String id = "api-bad-amount-" + member;
        Reply reply = api.post("/holds", "{\"holdId\":\"" + id + "\",\"memberId\":" + member + ",\"amount\":" + amount + "}", null);
        assertProblem(reply, 400, "INVALID_AMOUNT");
        assertNothingChanged(member, id);
    }

    @Test
    void aMissingAmountIsInvalidAmount() {
        long member = memberWith(100);
        String id = "api-no-amount-" + member;
        assertProblem(api.post("/holds", "{\"holdId\":\"" + id + "\",\"memberId\":" + member + "}", null), 400, "INVALID_AMOUNT");
        assertNothingChanged(member, id);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"memberId\":%d,\"amount\":5}",
            "{\"holdId\":null,\"memberId\":%d,\"amount\":5}",
            "{\"holdId\":\"\",\"memberId\":%d,\"amount\":5}",
            "{\"holdId\":\"   \",\"memberId\":%d,\"amount\":5}",
            "{\"holdId\":\"LONG\",\"memberId\":%d,\"amount\":5}",
            "{\"holdId\":5,\"memberId\":%d,\"amount\":5}",
            "{\"holdId\":\"ID\",\"memberId\":\"x\",\"amount\":5,\"m\":%d}",
            "{\"holdId\":\"ID\",\"amount\":5,\"m\":%d}",
            "{\"holdId\":\"ID\",\"memberId\":1.5,\"amount\":5,\"m\":%d}",
            "{\"holdId\":\"ID\",\"memberId\":99999999999999999999,\"amount\":5,\"m\":%d}",
            "{\"holdId\":\"ID\",\"memberId\":%d,\"amount\":5",
            "[%d]"})
    void badRequestsAreInvalidRequest(String template) {
        long member = memberWith(100);
        String id = "api-bad-" + member;
        String body = String.format(template, member)
                .replace("LONG", "h".repeat(101))
                .replace("ID", id);
        assertProblem(api.post("/holds", body, null), 400, "INVALID_REQUEST");
        assertNothingChanged(member, id);
        // A 101-character id is refused on the other endpoints too.
        assertProblem(api.get("/holds/" + "h".repeat(101)), 400, "INVALID_REQUEST");
        assertProblem(release("h".repeat(101)), 400, "INVALID_REQUEST");
        assertProblem(capture("h".repeat(101), member), 400, "INVALID_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"payeeMemberId\":null}", "{\"payeeMemberId\":\"x\"}", "{\"payeeMemberId\":1.5}",
            "{\"payeeMemberId\":99999999999999999999}", "{\"payeeMemberId\":", "[1]"})
    void badCaptureRequestsAreInvalidRequest(String body) {
        long holder = memberWith(100);
        String id = "api-bad-capture-" + holder;
        assertEquals(201, hold(id, holder, 60).status());

        assertProblem(api.post("/holds/" + id + "/capture", body, null), 400, "INVALID_REQUEST");
        assertHold(api.get("/holds/" + id), id, holder, 60, "HELD");
        assertPoints(holder, 100, 60);
    }

    // ------------------------------------------------------------------ helpers

    /** The member's points are these, and the ledger adds up to them. */
    private void assertPoints(long member, long balance, long held) {
        assertEquals(balance, api.assertLedgerMatches(member), "balance of member " + member);
        assertEquals(held, assertHeld(member), "held of member " + member);
    }

    private void assertNothingChanged(long member, String id) {
        assertPoints(member, 100, 0);
        assertEquals(1, api.ledger(member).size(), "only the initial charge");
        assertProblem(api.get("/holds/" + id), 404, "HOLD_NOT_FOUND");
    }
}
