package dev.concurrency.support.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How Idempotency-Key answers are kept. */
@ConfigMapping(prefix = "idempotency")
public interface IdempotencyConfig {

    /** How long an answer is kept for repeats (24 h by the API rules). */
    @WithDefault("24h")
    Duration retention();

    /**
     * How long a provisional answer (a request whose work spans several transactions, such as an
     * order being paid) is reported as in progress: repeats get 409 REQUEST_IN_PROGRESS meanwhile.
     * At least the longest such request (30 s of queueing plus 20 s of payment); after it, a request
     * that never finished (its process died) replays its provisional answer, 202.
     */
    @WithDefault("60s")
    Duration inProgressFor();
}
