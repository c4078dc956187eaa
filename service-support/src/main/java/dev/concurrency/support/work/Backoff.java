package dev.concurrency.support.work;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.random.RandomGenerator;

/**
 * An exponential backoff: {@code base} after no attempt, doubled with each attempt, never more than
 * {@code max}. The saga's and the hold tasks' wait before their next attempt, and (jittered) the
 * pause of an optimistic transaction before it runs again.
 */
public record Backoff(Duration base, Duration max) {

    /** Doublings at most, however many the attempts: 500 ms doubled 20 times is about six days. */
    public static final int MOST_DOUBLINGS = 20;

    private static final Duration ONE_MICROSECOND = ChronoUnit.MICROS.getDuration();

    public static Backoff exponential(Duration base, Duration max) {
        return new Backoff(base, max);
    }

    /** {@code base} × 2<sup>attempts</sup>, or {@code max} if that is less; attempts below 0 count as 0, above 20 as 20. */
    public Duration after(int attempts) {
        Duration grown = base.multipliedBy(1L << Math.min(Math.max(attempts, 0), MOST_DOUBLINGS));
        return grown.compareTo(max) < 0 ? grown : max;
    }

    /**
     * Full jitter: a random whole number of microseconds from 0 up to, not including, {@link #after}
     * (so that the losers of one round do not collide again at once).
     */
    public Duration jitteredAfter(int attempts, RandomGenerator random) {
        return Duration.ofNanos(random.nextLong(after(attempts).dividedBy(ONE_MICROSECOND)) * 1_000);
    }
}
