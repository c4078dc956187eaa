package dev.concurrency.point;

import dev.concurrency.client.Concurrently;
import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Holds, releases and captures released together: each hold id takes effect at most once, a
 * release and a capture of one hold cannot both win, captures between two members in opposite
 * directions do not deadlock, and the ledger adds up for balance and held alike.
 */
@QuarkusTest
class HoldConcurrencyTest extends PointServiceTest {

    @Test
    void manyHoldsOfOneMemberWithTooLittleMoneyStopExactlyAtZeroAvailable() throws Exception {
        long member = memberWith(1000);
        int holds = 40;
        AtomicInteger done = new AtomicInteger();
        Queue<String> impossible = new ConcurrentLinkedQueue<>();
        // Workers 0..39 hold; the last one watches the points all the while.
        List<Reply> replies = Concurrently.run(holds + 1, i -> {
            if (i < holds) {
                try {
                    return hold("conc-many-" + member + "-" + i, member, 70);
                } finally {
                    done.incrementAndGet();
                }
            }
            Reply points;
            do {
                points = api.points(member);
                long balance = points.number("balance");
                long held = points.number("held");
                long available = points.number("available");
                if (available < 0 || held < 0 || available != balance - held || balance != 1000) {
                    impossible.add(points.body().toString());
                }
            } while (done.get() < holds);
            return points;
        });

        int held = 0;
        for (int i = 0; i < holds; i++) {
            Reply r = replies.get(i);
            String id = "conc-many-" + member + "-" + i;
            if (r.status() == 201) {
                assertHold(r, id, member, 70, "HELD");
                held++;
            } else {
                assertProblem(r, 409, "INSUFFICIENT_POINTS");
                assertProblem(api.get("/holds/" + id), 404, "HOLD_NOT_FOUND");
            }
        }
        assertEquals(List.of(), List.copyOf(impossible), "points seen during the burst");
        assertEquals(1000 / 70, held, "exactly the affordable number of holds is made");
        assertEquals(1000, api.assertLedgerMatches(member), "holds leave the balance alone");
        assertEquals(held * 70L, assertHeld(member));
        assertEquals(1000 - held * 70L, api.points(member).number("available"));
        assertEquals(held, api.ledger(member).stream().filter(e -> "HOLD".equals(e.get("type").asText())).count());
    }

    @Test
    void oneHoldSentTwentyTimesAtOnceIsHeldOnce() throws Exception {
        long member = memberWith(1000);
        String id = "conc-once-" + member;
        List<Reply> replies = Concurrently.run(20, i -> hold(id, member, 250));

        for (Reply r : replies) {
            assertTrue(r.status() == 201 || r.status() == 200, () -> "unexpected " + r);
            assertHold(r, id, member, 250, "HELD");
        }
        assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(), "exactly one answer says it held now");
        assertEquals(Map.of("HOLD", 1), entriesFor(member, id));
        assertEquals(1000, api.assertLedgerMatches(member));
        assertEquals(250, assertHeld(member));
    }

    @Test
    void aHoldAndAReleaseOfTheSameIdRacingEachOtherEndConsistently() throws Exception {
        long member = memberWith(10_000);
        int ids = 20;
        // Even index: the hold, odd index: the release of the same id; the holds queue on the
        // member's lock, so most releases wait a little so that both orders happen.
        List<Reply> replies = Concurrently.run(2 * ids, i -> {
            String id = "conc-void-" + member + "-" + i / 2;
            if (i % 2 == 0) {
                return hold(id, member, 100);
            }
            pauseMillis((i / 2) % 10 * 40L);
            return release(id);
        });

        int voided = 0;
        for (int n = 0; n < ids; n++) {
            String id = "conc-void-" + member + "-" + n;
            Reply holdReply = replies.get(2 * n);
            Reply releaseReply = replies.get(2 * n + 1);
            Reply state = api.get("/holds/" + id);
            Map<String, Integer> entries = entriesFor(member, id);
            String status = state.status() == 200 ? state.body().get("status").asText() : "?";
            String story = id + ": hold " + holdReply + ", release " + releaseReply + ", now " + state + ", ledger " + entries;
            switch (status) {
                case "VOIDED" -> {
                    assertVoidedHold(releaseReply, id);
                    assertProblem(holdReply, 409, "HOLD_CANCELLED");
                    assertEquals(Map.of(), entries, story);
                    voided++;
                }
                case "RELEASED" -> {
                    assertEquals(201, holdReply.status(), story);
                    assertHold(releaseReply, id, member, 100, "RELEASED");
                    assertEquals(Map.of("HOLD", 1, "RELEASE", 1), entries, story);
                }
                default -> fail("neither voided nor released: " + story);
            }
            assertProblem(hold(id, member, 100), 409, "HOLD_CANCELLED");
        }
        System.out.printf("hold/release race: %d voided, %d held then released%n", voided, ids - voided);
        assertEquals(10_000, api.assertLedgerMatches(member));
        assertEquals(0, assertHeld(member), "every hold ended");
    }

    @Test
    void aCaptureAndAReleaseOfTheSameHoldRacingEachOtherOnlyOneWins() throws Exception {
        long holder = memberWith(10_000);
        long payee = memberWith(1_000);
        int ids = 20;
        for (int n = 0; n < ids; n++) {
            assertEquals(201, hold("conc-cr-" + holder + "-" + n, holder, 100).status());
        }
        // Even index: the capture, odd index: the release. All queue on the holder's lock; for half
        // of the holds the capture starts a little later, for the other half the release, so both win sometimes.
        List<Reply> replies = Concurrently.run(2 * ids, i -> {
            String id = "conc-cr-" + holder + "-" + i / 2;
            boolean late = (i / 2) % 2 == i % 2;
            if (late) {
                pauseMillis(150);
            }
            return i % 2 == 0 ? capture(id, payee) : release(id);
        });

        int captured = 0;
        for (int n = 0; n < ids; n++) {
            String id = "conc-cr-" + holder + "-" + n;
            Reply captureReply = replies.get(2 * n);
            Reply releaseReply = replies.get(2 * n + 1);
            Reply state = api.get("/holds/" + id);
            String story = id + ": capture " + captureReply + ", release " + releaseReply + ", now " + state;
            switch (state.body().get("status").asText()) {
                case "CAPTURED" -> {
                    assertHold(captureReply, id, holder, 100, "CAPTURED");
                    assertProblem(releaseReply, 409, "HOLD_ALREADY_CAPTURED");
                    assertEquals(Map.of("HOLD", 1, "CAPTURE", 1), entriesFor(holder, id), story);
                    assertEquals(Map.of("PAYOUT", 1), entriesFor(payee, id), story);
                    captured++;
                }
                case "RELEASED" -> {
                    assertHold(releaseReply, id, holder, 100, "RELEASED");
                    assertProblem(captureReply, 409, "HOLD_NOT_ACTIVE");
                    assertEquals(Map.of("HOLD", 1, "RELEASE", 1), entriesFor(holder, id), story);
                    assertEquals(Map.of(), entriesFor(payee, id), story);
                }
                default -> fail("neither captured nor released: " + story);
            }
        }
        System.out.printf("capture/release race: %d captured, %d released%n", captured, ids - captured);
        long holderBalance = api.assertLedgerMatches(holder);
        long payeeBalance = api.assertLedgerMatches(payee);
        assertEquals(10_000 - captured * 100L, holderBalance);
        assertEquals(1_000 + captured * 100L, payeeBalance);
        assertEquals(11_000, holderBalance + payeeBalance, "points are conserved");
        assertEquals(0, assertHeld(holder));
        assertEquals(0, assertHeld(payee));
    }

    @Test
    void tenCapturesOfOneHoldAtOnceMoveThePointsOnce() throws Exception {
        long holder = memberWith(600);
        long payee = memberWith(0);
        String id = "conc-captures-" + holder;
        assertEquals(201, hold(id, holder, 400).status());

        List<Reply> replies = Concurrently.run(10, i -> capture(id, payee));

        for (Reply r : replies) {
            assertEquals(200, r.status(), () -> "unexpected " + r);
            assertHold(r, id, holder, 400, "CAPTURED");
        }
        assertEquals(Map.of("HOLD", 1, "CAPTURE", 1), entriesFor(holder, id));
        assertEquals(Map.of("PAYOUT", 1), entriesFor(payee, id));
        assertEquals(200, api.assertLedgerMatches(holder));
        assertEquals(0, assertHeld(holder));
        assertEquals(400, api.assertLedgerMatches(payee));
    }

    @Test
    void capturesBetweenTwoMembersInOppositeDirectionsDoNotDeadlock() throws Exception {
        long a = memberWith(10_000);
        long b = memberWith(10_000);
        int each = 15;
        for (int n = 0; n < each; n++) {
            assertEquals(201, hold("conc-ab-" + a + "-" + n, a, 100 + n).status());
            assertEquals(201, hold("conc-ba-" + b + "-" + n, b, 200 + n).status());
        }
        // Even index: a hold of A captured to B; odd index: a hold of B captured to A. Each capture
        // needs both locks, wanted in opposite orders by the two directions.
        List<Reply> replies = Concurrently.run(2 * each, i -> i % 2 == 0
                ? capture("conc-ab-" + a + "-" + i / 2, b)
                : capture("conc-ba-" + b + "-" + i / 2, a));

        long toB = 0;
        long toA = 0;
        for (int i = 0; i < replies.size(); i++) {
            Reply r = replies.get(i);
            int n = i / 2;
            if (i % 2 == 0) {
                assertHold(r, "conc-ab-" + a + "-" + n, a, 100 + n, "CAPTURED");
                toB += 100 + n;
            } else {
                assertHold(r, "conc-ba-" + b + "-" + n, b, 200 + n, "CAPTURED");
                toA += 200 + n;
            }
        }
        long balanceA = api.assertLedgerMatches(a);
        long balanceB = api.assertLedgerMatches(b);
        assertEquals(10_000 - toB + toA, balanceA);
        assertEquals(10_000 - toA + toB, balanceB);
        assertEquals(20_000, balanceA + balanceB, "points are conserved");
        assertEquals(0, assertHeld(a));
        assertEquals(0, assertHeld(b));
        assertEquals(Map.of("CAPTURE", (long) toB, "PAYOUT", (long) toA), capturesAndPayouts(a));
        assertEquals(Map.of("CAPTURE", (long) toA, "PAYOUT", (long) toB), capturesAndPayouts(b));
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Long> capturesAndPayouts(long member) {
        Map<String, Long> totals = api.ledgerTotals(member);
        return Map.of("CAPTURE", totals.getOrDefault("CAPTURE", 0L), "PAYOUT", totals.getOrDefault("PAYOUT", 0L));
    }
}
