package dev.concurrency.lock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscription that stays open but carries nothing (half-open, after a silent network loss) is
 * noticed by the keepalive probe and reopened, so wake-ups do not silently stop.
 */
class ReleaseNotificationKeepaliveTest {

    @Test
    void aHalfOpenSubscriptionIsNoticedAndReopened() throws Exception {
        java.net.URI redis = java.net.URI.create(TestInfra.REDIS_URL);
        try (FreezableProxy proxy = FreezableProxy.to(redis.getHost(), redis.getPort());
             FencedLocks locks = new FencedLocks(TestInfra.redis("redis://127.0.0.1:" + proxy.port()),
                     TestInfra.settings("keepalive"), new SimpleMeterRegistry())) {
            awaitTrue(locks::isListeningForReleases, Duration.ofSeconds(15), "subscribed at start");

            proxy.freeze();
            Duration noticeWithin = ReleaseNotifications.KEEPALIVE_EVERY.multipliedBy(2).plus(ReleaseNotifications.KEEPALIVE_TIMEOUT)
                    .plusSeconds(10); // the probe's cycle, plus a margin for a busy machine
            awaitTrue(() -> !locks.isListeningForReleases(), noticeWithin,
                    "a subscription that carries nothing must be given up");

            proxy.thaw();
            awaitTrue(locks::isListeningForReleases, Duration.ofSeconds(30), "and reopened once Redis answers again");
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration atMost, String what) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " (not within " + atMost.toSeconds() + " s)");
            Thread.sleep(50);
        }
    }
}
