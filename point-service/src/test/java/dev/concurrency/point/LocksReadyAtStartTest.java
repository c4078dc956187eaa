package dev.concurrency.point;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lock client is made when the service starts, not by its first request: before any request, the
 * replica already listens for lock releases. Otherwise a burst that reaches a replica which never
 * locked anything waits, all of it, for the subscription, the connection and the scripts.
 */
@QuarkusTest
@TestProfile(LocksReadyAtStartTest.OwnChannel.class)
class LocksReadyAtStartTest {

    /** A key prefix (so a release channel) of its own: only this application can be subscribed to it. */
    public static class OwnChannel extends ConfigOverrides {
        public OwnChannel() {
            super(Map.of("distributed-lock.key-prefix", "ready-at-start:"));
        }
    }

    @Inject
    Redis redis;

    @Test
    void theReplicaListensForReleasesBeforeItsFirstRequest() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long subscribers = subscribers();
        // The subscription is opened at start without waiting for Redis's confirmation: poll for it.
        while (subscribers == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            subscribers = subscribers();
        }
        assertEquals(1, subscribers, "subscribers of the release channel before any request was served");
    }

    private long subscribers() {
        return redis.send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg("ready-at-start:released"))
                .await().atMost(Duration.ofSeconds(5)).get(1).toLong();
    }
}
