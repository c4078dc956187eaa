package dev.concurrency.point.config;

import dev.concurrency.support.control.ConcurrencyControl;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code points.*}: how point-service protects concurrent changes. */
@ConfigMapping(prefix = "points")
public interface PointConfig {

    /** How concurrent changes of one member are kept apart (see MemberPoints and the RowGuard); FENCED_LOCK unless told otherwise. */
    @WithDefault("FENCED_LOCK")
    ConcurrencyControl concurrencyControl();

    /**
     * How long a change asked for by another service (payment, refund, hold, release, capture) may wait
     * for its member's turn before it is refused as OVERLOADED (never applied): shorter than those
     * services' per-attempt deadline (8 s), so a call they give up on and repeat is never still queued here.
     */
    @WithDefault("6s")
    Duration serviceCallMaxWait();
}
