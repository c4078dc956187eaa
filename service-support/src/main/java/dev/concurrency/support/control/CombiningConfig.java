package dev.concurrency.support.control;

import dev.concurrency.lock.combining.CombiningQueue;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code combining.*}: how the lock strategies combine the operations waiting for one key (see {@link CombiningQueue}). */
@ConfigMapping(prefix = "combining")
public interface CombiningConfig {

    /** The most operations run under one lock hand-off; 1 switches combining off (one operation per hand-off). */
    @WithDefault("256")
    int maxBatch();

    /** Operations that may wait for one key in one process; beyond it a request is refused as OVERLOADED. */
    @WithDefault("10000")
    int maxWaiting();

    /** How long an operation may wait before a batch takes it; after that it is refused as OVERLOADED. */
    @WithDefault("30s")
    Duration maxWait();

    default CombiningQueue.Limits limits() {
        return new CombiningQueue.Limits(Math.max(1, maxBatch()), maxWaiting(), maxWait());
    }
}
