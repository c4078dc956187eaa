package dev.concurrency.point;

import dev.concurrency.client.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
class RedisDownTest extends PointServiceTest {

    public static class NoRedis extends ConfigOverrides {
        public NoRedis() {
            super(Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + deadPort(), "quarkus.redis.timeout", "1s"));
        }
    }

    @Test
    void changesAreRefusedWith503AndNothingIsWritten() throws Exception {
        long member = api.newMember("no-redis");
        Reply refused = api.charge(member, 10);
        assertEquals(503, refused.status());
        assertEquals("SERVICE_UNAVAILABLE", refused.code());
        assertEquals("application/problem+json", refused.contentType());
        assertEquals(0, api.assertLedgerMatches(member));

        HttpResponse<String> raw = sendForHeaders(pointsPost(member, "use", "{\"amount\":1}"));
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
