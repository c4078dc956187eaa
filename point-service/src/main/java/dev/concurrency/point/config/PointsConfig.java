package dev.concurrency.point.config;

import dev.concurrency.support.control.ConcurrencyControl;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code points.*}: how point-service protects concurrent changes. */
@ConfigMapping(prefix = "points")
public interface PointsConfig {

    /** How concurrent changes of one member are kept apart (see PointsStrategies); FENCED_LOCK unless told otherwise. */
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

}
