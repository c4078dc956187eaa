package dev.concurrency.lock.quarkus;

import dev.concurrency.lock.LockSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code distributed-lock.*}: lease, waits and key prefix of the service's Redis locks. */
@ConfigMapping(prefix = "distributed-lock")
public interface LockConfig {

    /** How long a lock lives without renewal; a dead or paused holder loses it after this. */
    @WithDefault("5s")
    Duration lease();

    /** How long a request waits for a busy lock before it is answered 503 OVERLOADED (contention is queued, not refused). */
    @WithDefault("30s")
    Duration waitTimeout();

    /** The watchdog stops renewing after this long, so no holder keeps a lock forever. */
    @WithDefault("30s")
    Duration maxHold();

    /** How long one Redis command may take before Redis counts as unavailable. */
    @WithDefault("2s")
    Duration commandTimeout();

    /** Prefix of the lock keys and of the release channel in Redis. */
    @WithDefault("dlock:")
    String keyPrefix();

    default LockSettings settings() {
        return new LockSettings(lease(), waitTimeout(), maxHold(), commandTimeout(), keyPrefix());
    }
}
