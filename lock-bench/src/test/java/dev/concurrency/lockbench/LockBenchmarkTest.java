package dev.concurrency.lockbench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark at a tiny size: every lock, real contender JVMs, 1 and 2 processes on the database
 * critical section and 2 processes on the in-memory one (the fastest hand-offs). Every run must show no
 * mutual-exclusion violation, no fencing refusal, no timeout or error, and produce figures and reports.
 */
class LockBenchmarkTest {

    @Test
    void everyLockKeepsMutualExclusionAndTheReportHasFigures() throws Exception {
        BenchConfig base = BenchConfig.fromSystemProperties();
        List<Implementation> all = List.of(Implementation.OURS, Implementation.OURS_COMBINING, Implementation.REDISSON_RLOCK,
                Implementation.REDISSON_FENCED);

        BenchConfig db = base.with(base.output().resolve("db"), Duration.ofMillis(1500), Duration.ofMillis(500), 4,
                List.of(1, 2), all, List.of(Section.DB));
        BenchReport dbReport = new LockBenchmark(db).run();
        dbReport.write(db.output());
        check(dbReport, 8);

        BenchConfig memory = base.with(base.output().resolve("memory"), Duration.ofMillis(1000), Duration.ofMillis(300), 4,
                List.of(2), all, List.of(Section.MEMORY));
        BenchReport memoryReport = new LockBenchmark(memory).run();
        memoryReport.write(memory.output());
        check(memoryReport, 4);
    }

    /** Negative control: without a lock the same checks must see violations, so the zeros above mean something. */
    @Test
    void withoutALockTheChecksSeeViolations() throws Exception {
        BenchConfig base = BenchConfig.fromSystemProperties();
        BenchConfig none = base.with(base.output().resolve("none"), Duration.ofMillis(500), Duration.ofMillis(200), 4,
                List.of(2), List.of(Implementation.NONE), List.of(Section.MEMORY, Section.DB));
        BenchReport report = new LockBenchmark(none).run();
        for (RunResult r : report.results()) {
            assertTrue(r.overlaps() > 0, r.section().id() + ": overlaps without a lock: " + r.overlaps());
            assertTrue(r.violations() > 0, r.section().id() + ": violations without a lock: " + r.violations());
        }
        assertTrue(report.results().stream().anyMatch(r -> r.lostUpdates() > 0), "no lost update without a lock");
    }

    private static void check(BenchReport report, int runs) throws Exception {
        assertEquals(runs, report.results().size());
        for (RunResult r : report.results()) {
            String run = r.implementation().id() + " " + r.section().id() + " x" + r.processes();
            assertEquals(0, r.overlaps(), run + ": two holders inside at once");
            assertEquals(0, r.lostUpdates(), run + ": the counter lost increments");
            assertEquals(0, r.violations(), run);
            assertEquals(0, r.fencingRefusals(), run + ": fencing refused writes");
            assertEquals(0, r.problems(), run + ": timeouts/errors/lost leases; first error: " + r.firstError());
            assertEquals(r.totalAcquisitions(), r.committed(), run + ": every acquisition writes one increment");
            assertTrue(r.acquisitions() > 0 && r.throughput() > 0, run + ": no acquisitions measured");
            assertEquals(r.acquisitions(), r.waiting().count(), run);
            assertTrue(r.waiting().p50() > 0 && r.waiting().p99() >= r.waiting().p50()
                    && r.waiting().max() >= r.waiting().p99(), run + ": wait percentiles " + r.waiting());
            assertTrue(r.hold().p50() > 0, run + ": hold " + r.hold());
            if (r.implementation().combining()) {
                // Counted per operation: with 4 threads per process wanting one lock, batches carry several.
                // Per-operation locking runs at least two lock scripts (acquire, release) per operation.
                assertTrue(r.processes() == 1 || r.scriptCallsPerAcquisition() < 2, run + ": no combining, "
                        + r.scriptCallsPerAcquisition() + " lock scripts per operation");
            } else {
                assertTrue(r.redisCallsPerAcquisition() >= 2, run + ": a lock needs Redis to acquire and to release");
            }
        }
        Path md = report.config().output().resolve(BenchReport.MARKDOWN);
        Path json = report.config().output().resolve(BenchReport.JSON);
        String markdown = Files.readString(md);
        for (Implementation i : report.config().implementations()) {
            assertTrue(markdown.contains("| " + i.id() + " | 2 |"), "markdown row for " + i.id());
        }
        assertTrue(markdown.contains("cores"), "machine figures");
        String text = Files.readString(json);
        assertTrue(text.contains("\"throughputPerSecond\"") && text.contains("\"totalViolations\": 0")
                && text.contains("\"redis\": ") && text.contains("\"ratioVsOurs\""), text);
    }
}
