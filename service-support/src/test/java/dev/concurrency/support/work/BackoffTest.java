package dev.concurrency.support.work;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the three formulas {@link Backoff} replaced, copied here as they were, against the helper as
 * each of their places now uses it: the same durations for every attempt count they see.
 */
class BackoffTest {

    /** Attempts 0..25, and far beyond the 20 doublings. */
    static final List<Integer> ATTEMPTS = IntStream.concat(IntStream.rangeClosed(0, 25),
            IntStream.of(64, 1_000, Integer.MAX_VALUE)).boxed().toList();

    /** Configured maxima: the tests' 1 s, the defaults' sizes, one beyond 20 doublings of 500 ms, one not in whole ms. */
    static final List<Duration> MAXIMA = List.of(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofDays(30), Duration.ofNanos(1_500_700_000), Duration.ZERO);

    /** order-service SagaDecisions.backoff as it was. */
    static Duration oldSaga(int attempts, Duration max) {
        return Duration.ofMillis(Math.min(max.toMillis(), 500L << Math.min(Math.max(attempts, 1), 20)));
    }

    /** order-service SagaDecisions.backoff now. */
    static Duration newSaga(int attempts, Duration max) {
        return Backoff.exponential(Duration.ofMillis(500), Duration.ofMillis(max.toMillis())).after(Math.max(attempts, 1));
    }

    /** auction-service HoldTaskWorker.backoff as it was ({@code taskMaxBackoff} for max). */
    static Duration oldHoldTask(int attempts, Duration max) {
        return Duration.ofMillis(Math.min(max.toMillis(), 500L << Math.min(attempts, 20)));
    }

    /** auction-service HoldTaskWorker.backoff now. */
    static Duration newHoldTask(int attempts, Duration max) {
        return Backoff.exponential(Duration.ofMillis(500), Duration.ofMillis(max.toMillis())).after(attempts);
    }

    /** GuardedTransactions' ceiling of the pause, in microseconds, as it was. */
    static long oldConflictCeilingMicros(int attempt) {
        return Math.min(50_000, 500L << Math.min(attempt, 7));
    }

    /** GuardedTransactions' pause now. */
    static final Backoff CONFLICT_PAUSE = Backoff.exponential(Duration.of(500, ChronoUnit.MICROS), Duration.ofMillis(50));

    @Test
    void sagaBackoffIsUnchanged() {
        for (Duration max : MAXIMA) {
            for (int attempts : ATTEMPTS) {
                assertEquals(oldSaga(attempts, max), newSaga(attempts, max), "attempts " + attempts + ", max " + max);
            }
            assertEquals(oldSaga(-3, max), newSaga(-3, max), "fewer than one attempt counts as one");
        }
    }

    @Test
    void holdTaskBackoffIsUnchanged() {
        for (Duration max : MAXIMA) {
            for (int attempts : ATTEMPTS) {
                assertEquals(oldHoldTask(attempts, max), newHoldTask(attempts, max), "attempts " + attempts + ", max " + max);
            }
        }
    }

    @Test
    void conflictPauseIsUnchanged() {
        for (int attempt : ATTEMPTS) {
            assertEquals(Duration.of(oldConflictCeilingMicros(attempt), ChronoUnit.MICROS), CONFLICT_PAUSE.after(attempt),
                    "ceiling after attempt " + attempt);
            long seed = 31L * attempt + 7;
            Random was = new Random(seed);
            Random now = new Random(seed);
            for (int draw = 0; draw < 100; draw++) {
                long oldNanos = was.nextLong(oldConflictCeilingMicros(attempt)) * 1_000;
                assertEquals(oldNanos, CONFLICT_PAUSE.jitteredAfter(attempt, now).toNanos(),
                        "pause " + draw + " after attempt " + attempt);
            }
        }
    }

    @Test
    void doublesFromTheBaseUpToTheMaximum() {
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(1), backoff.after(0));
        assertEquals(Duration.ofSeconds(2), backoff.after(1));
        assertEquals(Duration.ofSeconds(8), backoff.after(3));
        assertEquals(Duration.ofSeconds(10), backoff.after(4));
        assertEquals(Duration.ofSeconds(1), backoff.after(-1), "below 0 counts as 0");
        Backoff unbounded = Backoff.exponential(Duration.ofMillis(1), Duration.ofDays(365));
        assertEquals(Duration.ofMillis(1L << Backoff.MOST_DOUBLINGS), unbounded.after(Integer.MAX_VALUE));
    }

    @Test
    void aJitteredPauseIsWholeMicrosecondsBelowTheCeiling() {
        Random random = new Random(1);
        for (int i = 0; i < 1_000; i++) {
            Duration pause = CONFLICT_PAUSE.jitteredAfter(3, random);
            assertTrue(!pause.isNegative() && pause.compareTo(Duration.ofMillis(4)) < 0, pause.toString());
            assertEquals(0, pause.toNanos() % 1_000, pause.toString());
        }
    }
}
