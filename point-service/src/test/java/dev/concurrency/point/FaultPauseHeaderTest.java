package dev.concurrency.point;

import dev.concurrency.client.auth.Tokens;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where fault injection is on (tests only), a bad {@code X-Fault-Pause-Ms} is the client's mistake:
 * 400 problem+json before anything changes, never a 500 or an hour-long sleep inside a lock.
 */
@QuarkusTest
@TestProfile(FaultPauseHeaderTest.FaultInjection.class)
class FaultPauseHeaderTest {

    public static class FaultInjection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fault-injection.enabled", "true");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aPauseThatIsNoNumberOrTooLongIsRefused() {
        Http http = new Http();
        PointClient api = new PointClient(http, base.toString());
        long member = api.newMember("pause");
        for (String pause : List.of("abc", "-1", "60001", "99999999999999999999", "1.5")) {
            Reply reply = http.send(HttpRequest.newBuilder(URI.create(base + "members/" + member + "/points/charge"))
                    .header("Content-Type", "application/json").header("Authorization", Tokens.shared().bearer(Identity.member(member))).header("X-Fault-Pause-Ms", pause)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":5}")));
            assertEquals(400, reply.status(), () -> "X-Fault-Pause-Ms: " + pause + " -> " + reply);
            assertEquals("INVALID_REQUEST", reply.code(), () -> "X-Fault-Pause-Ms: " + pause + " -> " + reply);
        }
        Reply paused = http.send(HttpRequest.newBuilder(URI.create(base + "members/" + member + "/points/charge"))
                .header("Content-Type", "application/json").header("Authorization", Tokens.shared().bearer(Identity.member(member))).header("X-Fault-Pause-Ms", "10")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":5}")));
        assertEquals(200, paused.status(), paused::toString);
        assertEquals(5, api.assertLedgerMatches(member), "only the well-formed request changed anything");
    }
}
