package dev.concurrency.point;

import dev.concurrency.client.Concurrently;
import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads, released together, change one member's points through the HTTP API. Afterwards
 * every accepted request is applied exactly once, nothing is negative, and the ledger adds up.
 */
@QuarkusTest
class PointConcurrencyTest extends PointServiceTest {

    @Test
    void hundredConcurrentChargesAllCount() throws Exception {
        long member = api.newMember("hundred-charges");
        List<Reply> replies = Concurrently.run(100, i -> api.charge(member, 10));

        assertEquals(Map.of(200, 100L), statuses(replies));
        assertEquals(1000, api.assertLedgerMatches(member));
        // Each answer shows the balance right after its own charge: all distinct, 10 apart.
        assertEquals(100, replies.stream().map(r -> r.number("balance")).distinct().count());
    }

    @Test
    void concurrentUsesWithTooLittleMoneyStopExactlyAtZero() throws Exception {
        long member = api.newMember("too-little");
        assertEquals(200, api.charge(member, 1000).status());
        List<Reply> replies = Concurrently.run(50, i -> api.use(member, 70));

        long used = replies.stream().filter(r -> r.status() == 200).count();
        assertEquals(1000 / 70, used, "exactly the affordable number of uses succeeds");
        assertEquals(50 - used, replies.stream().filter(r -> "INSUFFICIENT_POINTS".equals(r.code())).count());
        assertEquals(1000 - used * 70, api.assertLedgerMatches(member));
    }

    @Test
    void chargesAndUsesOfOneMemberAtOnce() throws Exception {
        long member = api.newMember("mixed");
        assertEquals(200, api.charge(member, 500).status());
        List<Reply> replies = Concurrently.run(80, i -> i % 2 == 0 ? api.charge(member, 30) : api.use(member, 50));

        long charged = 0;
        long used = 0;
        for (int i = 0; i < replies.size(); i++) {
            Reply r = replies.get(i);
            if (r.status() == 200) {
                if (i % 2 == 0) {
                    charged += 30;
                } else {
                    used += 50;
                }
            } else {
                assertEquals("INSUFFICIENT_POINTS", r.code(), () -> "unexpected refusal " + r);
                assertTrue(i % 2 == 1, "a charge was refused");
            }
        }
        assertEquals(40 * 30, charged, "every charge is accepted");
        assertEquals(500 + charged - used, api.assertLedgerMatches(member));
    }

    @Test
    void concurrentChargesOfANonMemberAreAllRefusedAndCreateNothing() throws Exception {
        long missing = api.newMember("probe") + 1_000_000;
        List<Reply> replies = Concurrently.run(40, i -> api.charge(missing, 10));

        assertEquals(Map.of(404, 40L), statuses(replies));
        assertTrue(replies.stream().allMatch(r -> "MEMBER_NOT_FOUND".equals(r.code())));
        assertEquals(404, api.points(missing).status(), "no member may have been created");
        assertEquals(404, api.get("/members/" + missing).status());
    }

    @Test
    void oneIdempotencyKeySentTenTimesAtOnceTakesEffectOnce() throws Exception {
        long member = api.newMember("idempotent");
        String key = "charge-" + member;
        List<Reply> replies = Concurrently.run(10,
                i -> api.post("/members/" + member + "/points/charge", "{\"amount\":25}", key));

        for (Reply r : replies) {
            assertTrue(r.status() == 200 || "REQUEST_IN_PROGRESS".equals(r.code()), () -> "unexpected " + r);
            if (r.status() == 200) {
                assertEquals(25, r.number("balance"), "every success shows the one and only charge");
            }
        }
        assertEquals(25, api.assertLedgerMatches(member));
        assertEquals(1, api.ledgerTotals(member).size());
    }

    @Test
    void manyMembersAtOnceStayIndependent() throws Exception {
        long[] members = new long[5];
        for (int m = 0; m < members.length; m++) {
            members[m] = api.newMember("many-" + m);
        }
        List<Reply> replies = Concurrently.run(100, i -> api.charge(members[i % members.length], 1 + i % members.length));
        assertEquals(Map.of(200, 100L), statuses(replies));
        for (int m = 0; m < members.length; m++) {
            assertEquals(20L * (1 + m), api.assertLedgerMatches(members[m]));
        }
    }

    static Map<Integer, Long> statuses(List<Reply> replies) {
        return replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
    }

}
