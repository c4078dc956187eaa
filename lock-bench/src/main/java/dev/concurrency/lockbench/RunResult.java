package dev.concurrency.lockbench;

import java.util.Map;

/**
 * One run: one lock, one critical section, {@code processes} JVMs of {@code threads} threads each.
 *
 * @param acquisitions      acquisitions completed in the measured window, all processes
 * @param throughput        acquisitions per second in the measured window
 * @param waiting           time spent in acquire
 * @param hold              from acquire returning to release returning (critical section + release)
 * @param critical          the critical section alone
 * @param totalAcquisitions every acquisition of the run, warm-up and tail included
 * @param committed         critical sections whose increment was written (warm-up included)
 * @param counter           the counter's final value, read back by the harness
 * @param overlaps          entries into the critical section while another holder was inside
 * @param maxInside         most holders inside at once when that happened
 * @param fencingRefusals   writes refused by the fence check
 * @param lostLeases        releases that found the lock already lost
 * @param loadAverage       the machine's 1-minute load average when the run ended
 * @param redisCalls        commands Redis ran from GO to the last DONE, by command (server-wide: includes any
 *                          other client of the same Redis during the run)
 */
public record RunResult(Implementation implementation, Section section, int processes, int threads, String library,
        double measuredSeconds, long acquisitions, double throughput, Samples.Summary waiting, Samples.Summary hold,
        Samples.Summary critical, long totalAcquisitions, long committed, long counter, long overlaps, long maxInside,
        long fencingRefusals, long timeouts, long errors, long lostLeases, String firstError,
        double loadAverage, Map<String, Long> redisCalls) {

    /** Increments missing from the counter (or, if negative, extra ones): must be 0. */
    public long lostUpdates() {
        return committed - counter;
    }

    /**
     * Evidence that two holders were inside at once: overlaps seen by the shared-memory detector plus
     * the counter's mismatch. Fencing refusals are reported apart (they mean fencing stopped a late writer).
     */
    public long violations() {
        return overlaps + Math.abs(lostUpdates());
    }

    /**
     * Redis commands per acquisition, warm-up included: every command Redis counted, those that lock scripts
     * run inside Redis too (INFO commandstats counts them).
     */
    public double redisCallsPerAcquisition() {
        return perAcquisition(redisCalls.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Lua script calls (EVAL/EVALSHA) per acquisition: both libraries run every lock operation (try, release,
     * renew) as one script, so this counts the lock's requests to Redis, failed attempts included.
     */
    public double scriptCallsPerAcquisition() {
        return perAcquisition(redisCalls.entrySet().stream().filter(e -> e.getKey().startsWith("eval")
                || e.getKey().startsWith("fcall")).mapToLong(Map.Entry::getValue).sum());
    }

    private double perAcquisition(long calls) {
        return totalAcquisitions == 0 ? 0 : (double) calls / totalAcquisitions;
    }

    /** Timeouts, exceptions and lost leases together. */
    public long problems() {
        return timeouts + errors + lostLeases;
    }
}
