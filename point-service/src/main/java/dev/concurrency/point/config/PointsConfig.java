package dev.concurrency.point.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code points.*}: how point-service protects concurrent changes. */
@ConfigMapping(prefix = "points")
public interface PointsConfig {

    /** How concurrent changes of one member are kept apart. */
    @WithDefault("FENCED_LOCK")
    ConcurrencyControl concurrencyControl();

    enum ConcurrencyControl {
        /** The member's Redis lock serializes changes; fencing tokens at the database refuse stale holders. */
        FENCED_LOCK,
        /** Nothing: plain read-modify-write. Exists only so the negative controls can show the lost updates. */
        NONE
    }
}
