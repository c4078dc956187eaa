package dev.concurrency.point;

import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where fault injection is on (tests only), a bad {@code X-Fault-Pause-Ms} is the client's mistake:
 * 400 problem+json before anything changes, never a 500 or an hour-long sleep inside a lock.
 */
@QuarkusTest
@TestProfile(FaultPauseHeaderTest.FaultInjection.class)
class FaultPauseHeaderTest extends PointServiceTest {

    public static class FaultInjection extends ConfigOverrides {
        public FaultInjection() {
            super(Map.of("fault-injection.enabled", "true"));
        }
    }

    @Test
    void aPauseThatIsNoNumberOrTooLongIsRefused() {
        long member = api.newMember("pause");
        for (String pause : List.of("abc", "-1", "60001", "99999999999999999999", "1.5")) {
            Reply reply = http.send(pointsPost(member, "charge", "{\"amount\":5}").header("X-Fault-Pause-Ms", pause));
            assertEquals(400, reply.status(), () -> "X-Fault-Pause-Ms: " + pause + " -> " + reply);
            assertEquals("INVALID_REQUEST", reply.code(), () -> "X-Fault-Pause-Ms: " + pause + " -> " + reply);
        }
        Reply paused = http.send(pointsPost(member, "charge", "{\"amount\":5}").header("X-Fault-Pause-Ms", "10"));
        assertEquals(200, paused.status(), paused::toString);
        assertEquals(5, api.assertLedgerMatches(member), "only the well-formed request changed anything");
    }
}
