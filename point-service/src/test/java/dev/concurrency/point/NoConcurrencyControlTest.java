package dev.concurrency.point;

import dev.concurrency.client.Concurrently;
import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Negative control: the same hundred concurrent charges as {@link PointConcurrencyTest}, with
 * concurrency control switched off. Updates are lost, and the invariant check notices, which is
 * what shows that the checks of the real tests have teeth.
 */
@QuarkusTest
@TestProfile(NoConcurrencyControlTest.Unprotected.class)
class NoConcurrencyControlTest extends PointServiceTest {

    public static class Unprotected extends ConfigOverrides {
        public Unprotected() {
            super(Map.of("points.concurrency-control", "NONE"));
        }
    }

    @Test
    void withoutControlConcurrentChargesLoseUpdates() throws Exception {
        long member = api.newMember("unprotected");
        List<Reply> replies = Concurrently.run(100, i -> api.charge(member, 10));
        long accepted = replies.stream().filter(r -> r.status() == 200).count();
        long balance = api.points(member).number("balance");

        assertTrue(balance < accepted * 10,
                "expected lost updates without concurrency control: " + accepted + " accepted, balance " + balance);
        AssertionError ledgerCheck = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> api.assertLedgerMatches(member));
        assertTrue(ledgerCheck.getMessage().contains("does not add up"));
    }

    /**
     * With no lock to serialize them, ten repeats of one key race inside the database; the unique
     * idempotency record committed with the effect still lets exactly one of them take effect.
     */
    @Test
    void evenWithoutTheLockOneKeyTakesEffectOnce() throws Exception {
        long member = api.newMember("unprotected-key");
        List<Reply> replies = Concurrently.run(10,
                i -> api.post("/members/" + member + "/points/charge", "{\"amount\":25}", "race-" + member));
        for (Reply r : replies) {
            assertTrue(r.status() == 200 || "REQUEST_IN_PROGRESS".equals(r.code()), () -> "unexpected " + r);
        }
        assertEquals(25, api.assertLedgerMatches(member));
    }
}
