package dev.concurrency.order.config;

import dev.concurrency.support.control.ConcurrencyControl;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * {@code orders.*}: the stock's concurrency control and the saga's timing. How long a request waits for its payment before answering
 * 202 PENDING is set by the point-service client's limits (PointServiceClient: 8 s per attempt,
 * retries within 20 s), overridable with the MicroProfile Fault Tolerance keys shown in application.properties.
 */
@ConfigMapping(prefix = "orders")
public interface OrderConfig {

    /**
     * How concurrent changes of one product's stock are kept apart (see ProductStock and the RowGuard); the fenced
     * lock unless told otherwise, as decided in docs/concurrency-analysis.md.
     */
    @WithDefault("FENCED_LOCK")
    ConcurrencyControl concurrencyControl();

    /** The recovery worker leaves a new order alone this long, while its own request still drives it. */
    @WithDefault("10s")
    Duration recoveryGrace();

    /** The longest pause between two recovery attempts of one order (attempts back off up to this). */
    @WithDefault("10s")
    Duration recoveryMaxBackoff();

    /**
     * How often the recovery worker looks for due sagas. Read by SagaRecoveryWorker's {@code @Scheduled}
     * expression; declared here so that setting {@code orders.recovery-every} is not refused as an
     * unknown property of the {@code orders} mapping (SRCFG00050).
     */
    @WithDefault("1s")
    Duration recoveryEvery();
}
