package dev.concurrency.lockbench;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Durations in nanoseconds, with the percentiles the report shows. At most {@link #CAPACITY} are kept:
 * past that, a uniform random sample of everything added (reservoir sampling), so that a run without a
 * lock (tens of millions of acquisitions a second) cannot exhaust a contender's heap; {@link #count()}
 * still counts every one.
 */
final class Samples {

    static final int CAPACITY = 200_000;

    private long[] values = new long[1024];
    private int size;
    private long seen;

    void add(long nanos) {
        seen++;
        if (size < CAPACITY) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.min(CAPACITY, size * 2));
            }
            values[size++] = nanos;
            return;
        }
        long slot = ThreadLocalRandom.current().nextLong(seen);
        if (slot < CAPACITY) {
            values[(int) slot] = nanos;
        }
    }

    /** How many were added, kept or not. */
    long count() {
        return seen;
    }

    void addAll(long[] more) {
        for (long value : more) {
            add(value);
        }
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    /** Percentiles (nearest rank), mean and max, in milliseconds. */
    Summary summary() {
        long[] sorted = toArray();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Summary(0, 0, 0, 0, 0, 0, 0);
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Summary(sorted.length, ms(sum / sorted.length), ms(rank(sorted, 0.50)), ms(rank(sorted, 0.95)),
                ms(rank(sorted, 0.99)), ms(rank(sorted, 0.999)), ms(sorted[sorted.length - 1]));
    }

    private static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(double nanos) {
        return nanos / 1_000_000.0;
    }

    record Summary(int count, double mean, double p50, double p95, double p99, double p999, double max) {
    }
}
