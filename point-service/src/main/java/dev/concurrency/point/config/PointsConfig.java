package dev.concurrency.point.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code points.*}: how point-service protects concurrent changes. */
@ConfigMapping(prefix = "points")
public interface PointsConfig {

    /** How concurrent changes of one member are kept apart. */
    @WithDefault("FENCED_LOCK")
    ConcurrencyControl concurrencyControl();

    /** Test-only fault injection; off unless switched on. */
    FaultInjection faultInjection();

    interface FaultInjection {
        /**
         * When true, a change whose request carries {@code X-Fault-Pause-Ms: n} pauses n ms inside its
         * critical section (lock held, row claimed and read, not yet written), so a test can freeze
         * the replica exactly there. Never enable in production.
         */
        @WithDefault("false")
        boolean enabled();
    }

    enum ConcurrencyControl {
        /** The member's Redis lock serializes changes; fencing tokens at the database refuse stale holders. */
        FENCED_LOCK,
        /** Nothing: plain read-modify-write. Exists only so the negative controls can show the lost updates. */
        NONE
    }
}
