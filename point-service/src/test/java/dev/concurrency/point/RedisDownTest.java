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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the lock server gone, changes are refused with 503 SERVICE_UNAVAILABLE and Retry-After,
 * nothing is changed, and readiness reports the service not ready. Reads still work.
 */
@QuarkusTest
@TestProfile(RedisDownTest.NoRedis.class)
class RedisDownTest {

    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + deadPort(), "quarkus.redis.timeout", "1s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void changesAreRefusedWith503AndNothingIsWritten() throws Exception {
        PointClient api = new PointClient(new Http(), base.toString());
        long member = api.newMember("no-redis");
        Reply refused = api.charge(member, 10);
        assertEquals(503, refused.status());
        assertEquals("SERVICE_UNAVAILABLE", refused.code());
        assertEquals("application/problem+json", refused.contentType());
        assertEquals(0, api.assertLedgerMatches(member));

        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/members/" + member + "/points/use"))
                .header("Content-Type", "application/json").header("Authorization", Tokens.shared().bearer(Identity.member(member)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, raw.statusCode());
        assertTrue(raw.headers().firstValue("Retry-After").isPresent(), "503 must say when to retry");

        assertEquals(503, api.get("/q/health/ready").status(), "not ready without Redis");
        assertEquals(200, api.get("/q/health/live").status(), "but alive");
    }

    static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
