package dev.concurrency.auction.config;

import dev.concurrency.support.control.ConcurrencyControl;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code auctions.*}: the bids' concurrency control, the timing of closing and of the hold tasks. */
@ConfigMapping(prefix = "auctions")
public interface AuctionConfig {

    /** How concurrent bids on one auction are kept apart (see BidStrategies). */
    @WithDefault("FENCED_LOCK")
    ConcurrencyControl concurrencyControl();

    /** How often every replica looks for auctions to close (they close within this after their end). */
    @WithDefault("1s")
    Duration closerEvery();

    /** A bid still HOLDING after this long was abandoned by its request; its hold is released. */
    @WithDefault("60s")
    Duration staleBidAfter();

    /** The longest pause between two attempts of a hold task. */
    @WithDefault("10s")
    Duration taskMaxBackoff();
}
