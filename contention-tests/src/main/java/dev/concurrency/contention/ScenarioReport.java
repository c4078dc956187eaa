package dev.concurrency.contention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one-line result of a scenario: requests, accepted, rejected by code, duration, throughput,
 * p50/p99 latency and whether the invariants held. Printed and appended to target/contention/results.txt.
 */
public final class ScenarioReport {

    private final String scenario;
    private final List<LoadDriver.Call> calls;
    private final long nanos;
    private final List<String> violations = new ArrayList<>();

    public ScenarioReport(String scenario, LoadDriver.Run run) {
        this.scenario = scenario;
        this.calls = run.calls();
        this.nanos = run.nanos();
    }

    /** Records a broken invariant (the scenario then FAILs). */
    public void violation(String what) {
        violations.add(what);
    }

    /** Records a violation when the condition does not hold. */
    public void check(boolean holds, String what) {
        if (!holds) {
            violation(what);
        }
    }

    /**
     * Records a violation when some answer of the run is not one of those expected; the violation
     * names how many there were and shows the first few, so a failure says what was answered.
     */
    public void checkEveryAnswer(java.util.function.Predicate<dev.concurrency.client.Reply> expected, String what) {
        List<dev.concurrency.client.Reply> offending = calls.stream().map(LoadDriver.Call::reply).filter(expected.negate()).toList();
        check(offending.isEmpty(), what + ": " + offending.size() + " answers, e.g. " + offending.stream().limit(3).toList());
    }

    public List<String> violations() {
        return violations;
    }

    public String line(int replicas) {
        long accepted = calls.stream().filter(c -> c.reply().ok()).count();
        Map<String, Long> rejected = new TreeMap<>(calls.stream().filter(c -> !c.reply().ok())
                .collect(Collectors.groupingBy(c -> c.reply().outcome(), Collectors.counting())));
        long[] latencies = calls.stream().filter(c -> c.reply().answered()).mapToLong(c -> c.reply().latencyNanos()).sorted().toArray();
        double seconds = nanos / 1e9;
        return String.format(Locale.ROOT,
                "%-34s replicas=%d requests=%d accepted=%d rejected=%s duration=%.2fs throughput=%.0f/s p50=%.1fms p99=%.1fms invariants=%s",
                scenario, replicas, calls.size(), accepted, rejected, seconds, calls.size() / seconds,
                percentile(latencies, 0.50), percentile(latencies, 0.99),
                violations.isEmpty() ? "PASS" : "FAIL (" + violations.size() + ") " + violations.subList(0, Math.min(3, violations.size())));
    }

    /** Prints the line and appends it to the results file. */
    public String publish(SuiteConfig config, int replicas) {
        String line = line(replicas);
        System.out.println("SCENARIO " + line);
        try {
            Files.createDirectories(config.output());
            Files.writeString(config.output().resolve("results.txt"), line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
