package dev.concurrency.lock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** With no Redis answering, acquisition fails at once with a clear, typed error instead of hanging. */
class RedisUnavailableTest {

    @Test
    void acquiringWithoutRedisFailsWithLockServiceUnavailable() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        LockSettings settings = TestInfra.settings("no-redis").withWaitTimeout(Duration.ofSeconds(30));
        try (FencedLocks locks = new FencedLocks(TestInfra.redis("redis://127.0.0.1:" + deadPort), settings,
                new SimpleMeterRegistry())) {
            LockServiceUnavailableException e = assertThrows(LockServiceUnavailableException.class, () -> locks.acquire("k"));
            assertEquals("k", e.lockName());
        }
    }
}
