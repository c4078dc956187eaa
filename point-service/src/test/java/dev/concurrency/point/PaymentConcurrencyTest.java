package dev.concurrency.point;

import dev.concurrency.client.Concurrently;
import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Payments and refunds released together: each payment id takes effect at most once, a payment
 * and a void racing each other cannot both win, and the ledger adds up.
 */
@QuarkusTest
class PaymentConcurrencyTest extends PointServiceTest {

    @Test
    void onePaymentSentTwentyTimesAtOnceIsPaidOnce() throws Exception {
        long member = memberWith(1000);
        String id = "conc-once-" + member;
        List<Reply> replies = Concurrently.run(20, i -> pay(id, member, 250));

        for (Reply r : replies) {
            assertTrue(r.status() == 201 || r.status() == 200, () -> "unexpected " + r);
            assertPayment(r, id, member, 250, "PAID");
        }
        assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(), "exactly one answer says it paid now");
        assertEquals(Map.of("PAYMENT", 1), entriesFor(member, id));
        assertEquals(750, api.assertLedgerMatches(member));
    }

    @Test
    void manyPaymentsOfOneMemberWithTooLittleMoneyStopExactlyAtZero() throws Exception {
        long member = memberWith(1000);
        List<Reply> replies = Concurrently.run(40, i -> pay("conc-many-" + member + "-" + i, member, 70));

        int paid = 0;
        for (int i = 0; i < replies.size(); i++) {
            Reply r = replies.get(i);
            String id = "conc-many-" + member + "-" + i;
            if (r.status() == 201) {
                assertPayment(r, id, member, 70, "PAID");
                paid++;
            } else {
                assertProblem(r, 409, "INSUFFICIENT_POINTS");
                assertProblem(api.get("/payments/" + id), 404, "PAYMENT_NOT_FOUND");
            }
        }
        assertEquals(1000 / 70, paid, "exactly the affordable number of payments is made");
        assertEquals(1000 - paid * 70L, api.assertLedgerMatches(member));
        assertEquals(paid, api.ledger(member).stream().filter(e -> "PAYMENT".equals(e.get("type").asText())).count());
    }

    @Test
    void aPaymentAndARefundOfTheSameIdRacingEachOtherEndConsistently() throws Exception {
        long member = memberWith(10_000);
        int ids = 30;
        // Even index: the payment, odd index: the refund of the same id; all 60 released together.
        // The payments of one member queue on its lock, so a refund unhindered would nearly always
        // win; most refunds wait up to half a second so that both orders (and overlaps) happen.
        List<Reply> replies = Concurrently.run(2 * ids, i -> {
            String id = "conc-race-" + member + "-" + i / 2;
            if (i % 2 == 0) {
                return pay(id, member, 100);
            }
            pauseMillis((i / 2) % 10 * 60L);
            return refund(id);
        });

        int voided = 0;
        int refunded = 0;
        for (int n = 0; n < ids; n++) {
            String id = "conc-race-" + member + "-" + n;
            Reply payReply = replies.get(2 * n);
            Reply refundReply = replies.get(2 * n + 1);
            Reply state = api.get("/payments/" + id);
            Map<String, Integer> entries = entriesFor(member, id);
            String status = state.status() == 200 ? state.body().get("status").asText() : "?";
            String story = id + ": pay " + payReply + ", refund " + refundReply + ", now " + state + ", ledger " + entries;
            switch (status) {
                case "VOIDED" -> {
                    // The void came first: the payment was refused and took nothing.
                    assertVoidedPayment(state, id);
                    assertVoidedPayment(refundReply, id);
                    assertProblem(payReply, 409, "PAYMENT_CANCELLED");
                    assertEquals(Map.of(), entries, story);
                    voided++;
                }
                case "REFUNDED" -> {
                    // The payment came first, then the refund gave it back.
                    assertPayment(state, id, member, 100, "REFUNDED");
                    assertPayment(refundReply, id, member, 100, "REFUNDED");
                    assertEquals(201, payReply.status(), story);
                    assertPayment(payReply, id, member, 100, "PAID");
                    assertEquals(Map.of("PAYMENT", 1, "REFUND", 1), entries, story);
                    refunded++;
                }
                default -> fail("neither voided nor refunded: " + story);
            }
            // Either way the id is spent now.
            assertProblem(pay(id, member, 100), 409, "PAYMENT_CANCELLED");
        }
        System.out.printf("pay/refund race: %d voided, %d paid then refunded%n", voided, refunded);
        assertEquals(10_000, api.assertLedgerMatches(member), "the member ends where it started");
    }

    @Test
    void tenRefundsOfOnePaidPaymentAtOnceGiveThePointsBackOnce() throws Exception {
        long member = memberWith(600);
        String id = "conc-refunds-" + member;
        assertEquals(201, pay(id, member, 400).status());
        assertEquals(200, api.assertLedgerMatches(member));

        List<Reply> replies = Concurrently.run(10, i -> refund(id));

        for (Reply r : replies) {
            assertEquals(200, r.status(), () -> "unexpected " + r);
            assertPayment(r, id, member, 400, "REFUNDED");
        }
        assertEquals(Map.of("PAYMENT", 1, "REFUND", 1), entriesFor(member, id));
        assertEquals(600, api.assertLedgerMatches(member));
    }
}
