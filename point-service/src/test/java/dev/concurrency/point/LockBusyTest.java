package dev.concurrency.point;

import dev.concurrency.client.auth.Tokens;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import dev.concurrency.lock.FencedLocks;
import dev.concurrency.lock.LockLease;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
class LockBusyTest {

    public static class ShortWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("distributed-lock.wait-timeout", "300ms");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    FencedLocks locks;

    @Test
    void aMemberLockedPastTheWholeWaitIsAnsweredOverloadedWithRetryAfter() throws Exception {
        PointClient api = new PointClient(new Http(), base.toString());
        long member = api.newMember("busy");
        long other = api.newMember("not-busy");

        try (LockLease held = locks.acquire("member:" + member)) {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.resolve("/members/" + member + "/points/charge"))
                            .header("Content-Type", "application/json").header("Authorization", Tokens.shared().bearer(Identity.member(member)))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":10}")).build(),
                    HttpResponse.BodyHandlers.ofString());
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
