package dev.concurrency.point;

import dev.concurrency.lock.FencedLocks;
import dev.concurrency.lock.LockLease;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While another holder (here: the test, as if it were another replica) keeps a member's lock past
 * the whole wait (shortened here from 30 s), changes of that member give up with 503 OVERLOADED and
 * Retry-After, having changed nothing; other members are not affected. Once the lock is free,
 * changes go through.
 */
@QuarkusTest
@TestProfile(LockBusyTest.ShortWait.class)
class LockBusyTest extends PointServiceTest {

    public static class ShortWait extends ConfigOverrides {
        public ShortWait() {
            super(Map.of("distributed-lock.wait-timeout", "300ms"));
        }
    }

    @Inject
    FencedLocks locks;

    @Test
    void aMemberLockedPastTheWholeWaitIsAnsweredOverloadedWithRetryAfter() throws Exception {
        long member = api.newMember("busy");
        long other = api.newMember("not-busy");

        try (LockLease held = locks.acquire("member:" + member)) {
            HttpResponse<String> refused = sendForHeaders(pointsPost(member, "charge", "{\"amount\":10}"));
            assertEquals(503, refused.statusCode());
            assertTrue(refused.body().contains("\"code\":\"OVERLOADED\""), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, api.charge(other, 10).status(), "another member's lock is independent");
            assertTrue(held.isHeld());
        }
        assertEquals(0, api.assertLedgerMatches(member));
        assertEquals(200, api.charge(member, 10).status());
        assertEquals(10, api.assertLedgerMatches(member));
    }
}
