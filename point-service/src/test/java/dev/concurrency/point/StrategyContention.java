package dev.concurrency.point;

import dev.concurrency.client.Concurrently;
import dev.concurrency.client.Reply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same races against each alternative strategy (points.concurrency-control): every strategy but
 * NONE must keep the invariants. A strategy may refuse a change as busy (503, the optimistic one
 * after its attempts), never apply it twice or lose it. The default, FENCED_LOCK, is
 * {@link PointConcurrencyTest}; NONE is {@link NoConcurrencyControlTest}.
 */
abstract class StrategyContention extends PointServiceTest {

    /** Test profile running the service with one strategy. */
    abstract static class Strategy extends ConfigOverrides {
        Strategy(String name) {
            super(Map.of("points.concurrency-control", name));
        }
    }

    @Test
    void concurrentChargesAreEachAppliedOnce() throws Exception {
        long member = api.newMember("strategy-charges");
        List<Reply> replies = Concurrently.run(60, i -> api.charge(member, 10));

        long accepted = replies.stream().filter(r -> r.status() == 200).count();
        replies.stream().filter(r -> r.status() != 200).forEach(r -> assertEquals("SERVICE_UNAVAILABLE", r.code(), r::toString));
        assertTrue(accepted > 0);
        assertEquals(accepted * 10, api.assertLedgerMatches(member));
    }

    @Test
    void concurrentUsesStopExactlyAtZero() throws Exception {
        long member = api.newMember("strategy-uses");
        assertEquals(200, api.charge(member, 1000).status());
        List<Reply> replies = Concurrently.run(40, i -> api.use(member, 70));

        long used = replies.stream().filter(r -> r.status() == 200).count();
        long busy = replies.stream().filter(r -> "SERVICE_UNAVAILABLE".equals(r.code())).count();
        assertEquals(40 - used - busy, replies.stream().filter(r -> "INSUFFICIENT_POINTS".equals(r.code())).count());
        if (busy == 0) {
            assertEquals(1000 / 70, used, "exactly the affordable number of uses succeeds");
        }
        assertTrue(used <= 1000 / 70);
        assertEquals(1000 - used * 70, api.assertLedgerMatches(member));
    }

    /** Opposite captures between two members at once: multi-row guarding must neither deadlock nor lose a change. */
    @Test
    void oppositeCapturesBetweenTwoMembers() throws Exception {
        long a = api.newMember("strategy-a");
        long b = api.newMember("strategy-b");
        assertEquals(200, api.charge(a, 1000).status());
        assertEquals(200, api.charge(b, 1000).status());
        String run = Long.toString(System.nanoTime());
        List<Reply> holds = Concurrently.run(20, i -> api.post("/holds",
                "{\"holdId\":\"h-" + run + "-" + i + "\",\"memberId\":" + (i % 2 == 0 ? a : b) + ",\"amount\":10}", null));
        holds.forEach(r -> assertEquals(201, r.status(), r::toString));
        List<Reply> captures = Concurrently.run(20, i -> api.post("/holds/h-" + run + "-" + i + "/capture",
                "{\"payeeMemberId\":" + (i % 2 == 0 ? b : a) + "}", null));

        long capturedFromA = 0;
        long capturedFromB = 0;
        for (int i = 0; i < captures.size(); i++) {
            Reply r = captures.get(i);
            if (r.status() == 200) {
                if (i % 2 == 0) {
                    capturedFromA += 10;
                } else {
                    capturedFromB += 10;
                }
            } else {
                assertEquals("SERVICE_UNAVAILABLE", r.code(), r::toString);
            }
        }
        long total = api.assertLedgerMatches(a) + api.assertLedgerMatches(b);
        assertEquals(2000, total, "captures move points, never make or lose them");
        assertEquals(1000 - capturedFromA + capturedFromB, api.points(a).number("balance"));
    }
}
