package dev.concurrency.lockbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The benchmark's outcome, as Markdown for people and JSON for other reports. */
public record BenchReport(BenchConfig config, Machine machine, Instant startedAt, Instant finishedAt,
        double loadBefore, List<RunResult> results) {

    public static final String MARKDOWN = "lock-benchmark.md";
    public static final String JSON = "lock-benchmark.json";

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(JSON), Json.write(json()), StandardCharsets.UTF_8);
    }

    /** Violations over every run: must be 0. */
    public long totalViolations() {
        return results.stream().mapToLong(RunResult::violations).sum();
    }

    /** The run of this lock, section and process count; of repeated runs, the one of median throughput. */
    Optional<RunResult> find(Implementation implementation, Section section, int processes) {
        List<RunResult> runs = results.stream().filter(r -> r.implementation() == implementation && r.section() == section
                && r.processes() == processes).sorted(java.util.Comparator.comparingDouble(RunResult::throughput)).toList();
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() / 2));
    }

    /** This result's figure divided by ours at the same section and process count. */
    private Optional<Double> ratio(RunResult r, java.util.function.ToDoubleFunction<RunResult> figure) {
        return find(Implementation.OURS, r.section(), r.processes())
                .filter(ours -> figure.applyAsDouble(ours) > 0)
                .map(ours -> figure.applyAsDouble(r) / figure.applyAsDouble(ours));
    }

    /** Throughput at this process count divided by the same lock's at 1 process. */
    private Optional<Double> scaling(RunResult r) {
        return find(r.implementation(), r.section(), 1).filter(one -> one.throughput() > 0)
                .map(one -> r.throughput() / one.throughput());
    }

    private String redissonLibrary() {
        return results.stream().filter(r -> r.implementation() != Implementation.OURS).map(RunResult::library)
                .findFirst().orElse("Redisson");
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Lock benchmark: distributed-lock vs ").append(redissonLibrary()).append(" RLock / RFencedLock\n\n");
        md.append(String.format(Locale.ROOT, "One hot lock. Each run starts P contender JVMs with %d threads each, releases"
                        + " them together, warms up %s s and then measures %s s; every thread loops acquire → critical section"
                        + " → release. Acquire wait timeout %s s.%n%n", config.threads(), secs(config.warmup()),
                secs(config.measure()), secs(config.waitTimeout())));
        md.append(String.format(Locale.ROOT, "Machine: %d cores (%s), %s; %s; Redis %s; %s. Runs from %s to %s;"
                        + " 1-minute load average %.2f before the first run, %.2f to %.2f at the end of the runs.%n%n",
                machine.cores(), machine.cpu(), machine.os(), machine.jvm(), machine.redis(), machine.database(),
                startedAt, finishedAt, loadBefore, results.stream().mapToDouble(RunResult::loadAverage).min().orElse(-1),
                results.stream().mapToDouble(RunResult::loadAverage).max().orElse(-1)));
        md.append("Locks:\n\n");
        for (Implementation i : config.implementations()) {
            md.append("- **").append(i.id()).append("**: ").append(i.description()).append('\n');
        }
        md.append('\n');
        for (Section section : config.sections()) {
            List<RunResult> rows = results.stream().filter(r -> r.section() == section).toList();
            if (rows.isEmpty()) {
                continue;
            }
            md.append("## Critical section `").append(section.id()).append("`\n\n").append(section.description()).append(".\n\n");
            md.append("| lock | processes | acquisitions/s | wait mean ms | wait p50 ms | wait p95 ms | wait p99 ms"
                    + " | wait max ms | hold p50 ms | critical section p50 ms | Lua calls / acq | Redis cmds / acq"
                    + " | timeouts + errors | violations |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (RunResult r : rows) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f"
                                + " | %.2f | %d | %d |%n", r.implementation().id(), r.processes(), r.throughput(),
                        r.waiting().mean(), r.waiting().p50(),
                        r.waiting().p95(), r.waiting().p99(), r.waiting().max(), r.hold().p50(), r.critical().p50(),
                        r.scriptCallsPerAcquisition(), r.redisCallsPerAcquisition(), r.problems(), r.violations()));
            }
            md.append("\nRelative to ours at the same process count, median runs where runs were repeated (throughput × above 1 = more acquisitions/s than ours;"
                    + " wait × above 1 = longer waits than ours):\n\n");
            md.append("| lock | processes | throughput × | wait p50 × | wait p95 × | wait p99 × |\n|---|---:|---:|---:|---:|---:|\n");
            List<RunResult> medians = config.processes().stream().flatMap(p -> config.implementations().stream()
                    .flatMap(i -> find(i, section, p).stream())).toList();
            for (RunResult r : medians) {
                if (r.implementation() == Implementation.OURS) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", r.implementation().id(), r.processes(),
                        times(ratio(r, RunResult::throughput)), times(ratio(r, x -> x.waiting().p50())),
                        times(ratio(r, x -> x.waiting().p95())), times(ratio(r, x -> x.waiting().p99()))));
            }
            if (config.implementations().contains(Implementation.OURS_COMBINING)
                    && config.implementations().contains(Implementation.REDISSON_RLOCK)) {
                md.append("\nCombining: critical sections per second of ours-combining (one acquisition per batch of the"
                        + " operations waiting in a process) ÷ Redisson RLock taking the lock per operation, same workload:\n\n"
                        + "| processes | ours-combining ÷ redisson-rlock |\n|---:|---:|\n");
                for (int p : config.processes()) {
                    var combined = find(Implementation.OURS_COMBINING, section, p);
                    var redisson = find(Implementation.REDISSON_RLOCK, section, p);
                    if (combined.isPresent() && redisson.isPresent() && redisson.get().throughput() > 0) {
                        md.append(String.format(Locale.ROOT, "| %d | %s |%n", p,
                                times(combined.get().throughput() / redisson.get().throughput())));
                    }
                }
            }
            if (config.processes().contains(1) && config.processes().size() > 1) {
                md.append("\nScaling: throughput at P processes ÷ the same lock's throughput at 1 process:\n\n| lock |");
                config.processes().forEach(p -> md.append(' ').append(p).append(" |"));
                md.append("\n|---|");
                config.processes().forEach(p -> md.append("---:|"));
                md.append('\n');
                for (Implementation i : config.implementations()) {
                    md.append("| ").append(i.id()).append(" |");
                    for (int p : config.processes()) {
                        md.append(' ').append(find(i, section, p).flatMap(this::scaling).map(BenchReport::times).orElse("–"))
                                .append(" |");
                    }
                    md.append('\n');
                }
            }
            md.append('\n');
        }
        md.append("## Mutual exclusion\n\n");
        md.append("Every holder marks itself inside a counter in memory shared by all processes of the run (atomic across"
                + " processes) right after acquiring and unmarks itself right before releasing; an entry that finds another"
                + " holder inside is an *overlap*. Every holder also increments the section's counter (DB row or shared memory)"
                + " by read-then-write, which loses increments if two holders overlap. *violations* = overlaps + |increments"
                + " committed − final counter|.\n\n");
        long fencing = results.stream().mapToLong(RunResult::fencingRefusals).sum();
        long lost = results.stream().mapToLong(RunResult::lostLeases).sum();
        long acquisitions = results.stream().mapToLong(RunResult::totalAcquisitions).sum();
        md.append(String.format(Locale.ROOT, "Over all %d runs: %d acquisitions (warm-up included), %d violations, %d writes"
                        + " refused by fencing, %d leases lost before release, %d timeouts, %d errors.%n",
                results.size(), acquisitions, totalViolations(), fencing, lost,
                results.stream().mapToLong(RunResult::timeouts).sum(), results.stream().mapToLong(RunResult::errors).sum()));
        results.stream().filter(r -> !r.firstError().isEmpty()).findFirst().ifPresent(r -> md.append("\nFirst error (")
                .append(r.implementation().id()).append(", ").append(r.section().id()).append(", ").append(r.processes())
                .append(" processes):\n\n```\n").append(r.firstError().lines().limit(8).reduce((a, b) -> a + "\n" + b).orElse(""))
                .append("\n```\n"));
        md.append("\n## Reading the figures\n\n");
        md.append("- Wait = time inside the acquire call, so it includes queueing behind every other thread of every process;"
                + " hold = from acquire returning to release returning (critical section + release round trip). With one hot"
                + " lock, throughput ≈ 1 / (hold + hand-off gap), whatever the thread count, and with every thread always"
                + " wanting the lock the mean wait follows from it (≈ threads ÷ throughput − hold): equal throughput, equal"
                + " mean wait. What differs is the spread: a lock that serves waiters in order has a higher median and a"
                + " short tail; one that lets the releasing thread take the lock again at once has a tiny median and a long"
                + " tail.\n");
        md.append("- Lua calls / acq = EVAL/EVALSHA calls ÷ acquisitions: both libraries run every lock operation (try,"
                + " release, renew) as one script, so this is the lock's requests to Redis, failed tries included. Redis cmds"
                + " / acq also counts the commands those scripts run inside Redis, plus pub/sub. Both come from INFO"
                + " commandstats between GO and the last contender finishing, server-wide (another client of the same Redis"
                + " during a run would inflate them); the JSON has them by command.\n");
        md.append("- Contenders, Redis and MariaDB share the machine's ").append(machine.cores())
                .append(" cores: going from 1 to 3 processes adds CPU contention as well as lock contention. A load average"
                        + " well above the core count means other work was running too and every figure is noisier.\n");
        md.append("- Waiting: ours lines the threads of a process up FIFO in front of Redis, so one thread per process"
                + " tries the lock; it sleeps until a release is published on the lock service's channel (subscribed once,"
                + " at start) or the holder's lease runs out. Redisson's RLock/RFencedLock let every thread try in Redis; a"
                + " thread that finds the lock busy subscribes to the lock's channel (shared within the process, unsubscribed"
                + " when its last waiter leaves), retries, and sleeps on a per-process semaphore that each unlock message"
                + " releases once; there is no queue, so waiters are not served in order.\n");
        md.append("- Watchdogs: ours renews its 5 s lease every 1.67 s, Redisson its 30 s lease every 10 s. Holds here last"
                + " milliseconds, so no renewal ever fires; what remains is registering and cancelling it per acquisition.\n");
        md.append("- Each library runs on its own dependencies: ours on the Quarkus-managed Vert.x/Netty 4.1 stack, Redisson"
                + " on its redisson-all jar (its own Netty 4.2), in separate JVMs with the same heap, GC and JVM flags.\n");
        md.append("\nMachine-readable: ").append(JSON).append(".\n");
        return md.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "lock");
        root.put("startedAt", startedAt.toString());
        root.put("finishedAt", finishedAt.toString());
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("measureSeconds", config.measure().toMillis() / 1000.0);
        cfg.put("warmupSeconds", config.warmup().toMillis() / 1000.0);
        cfg.put("threadsPerProcess", config.threads());
        cfg.put("processes", config.processes());
        cfg.put("implementations", config.implementations().stream().map(Implementation::id).toList());
        cfg.put("sections", config.sections().stream().map(Section::id).toList());
        cfg.put("waitTimeoutSeconds", config.waitTimeout().toMillis() / 1000.0);
        root.put("config", cfg);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", machine.cores());
        m.put("cpu", machine.cpu());
        m.put("os", machine.os());
        m.put("jvm", machine.jvm());
        m.put("redis", machine.redis());
        m.put("database", machine.database());
        m.put("loadAverageBefore", loadBefore);
        root.put("machine", m);
        Map<String, Object> impls = new LinkedHashMap<>();
        for (Implementation i : config.implementations()) {
            impls.put(i.id(), Map.of("fenced", i.fenced(), "description", i.description()));
        }
        root.put("implementations", impls);
        Map<String, Object> sections = new LinkedHashMap<>();
        config.sections().forEach(s -> sections.put(s.id(), s.description()));
        root.put("sections", sections);
        root.put("results", results.stream().map(this::json).toList());
        root.put("totalViolations", totalViolations());
        return root;
    }

    private Map<String, Object> json(RunResult r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("implementation", r.implementation().id());
        o.put("library", r.library());
        o.put("section", r.section().id());
        o.put("processes", r.processes());
        o.put("threadsPerProcess", r.threads());
        o.put("measuredSeconds", r.measuredSeconds());
        o.put("acquisitions", r.acquisitions());
        o.put("throughputPerSecond", r.throughput());
        o.put("waitMs", json(r.waiting()));
        o.put("holdMs", json(r.hold()));
        o.put("criticalSectionMs", json(r.critical()));
        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("perAcquisition", r.redisCallsPerAcquisition());
        redis.put("luaCallsPerAcquisition", r.scriptCallsPerAcquisition());
        redis.put("calls", new LinkedHashMap<String, Object>(r.redisCalls()));
        o.put("redisCommands", redis);
        Map<String, Object> vs = new LinkedHashMap<>();
        ratio(r, RunResult::throughput).ifPresent(v -> vs.put("throughput", v));
        ratio(r, x -> x.waiting().p50()).ifPresent(v -> vs.put("waitP50", v));
        ratio(r, x -> x.waiting().p95()).ifPresent(v -> vs.put("waitP95", v));
        ratio(r, x -> x.waiting().p99()).ifPresent(v -> vs.put("waitP99", v));
        o.put("ratioVsOurs", vs);
        o.put("throughputVs1Process", scaling(r).orElse(null));
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("totalAcquisitions", r.totalAcquisitions());
        check.put("committedIncrements", r.committed());
        check.put("finalCounter", r.counter());
        check.put("lostUpdates", r.lostUpdates());
        check.put("overlaps", r.overlaps());
        check.put("maxHoldersInside", Math.max(r.maxInside(), r.totalAcquisitions() > 0 ? 1 : 0));
        check.put("fencingRefusals", r.fencingRefusals());
        check.put("violations", r.violations());
        o.put("mutualExclusion", check);
        o.put("loadAverageAfter", r.loadAverage());
        o.put("timeouts", r.timeouts());
        o.put("errors", r.errors());
        o.put("lostLeases", r.lostLeases());
        o.put("firstError", r.firstError().isEmpty() ? null : r.firstError());
        return o;
    }

    private static Map<String, Object> json(Samples.Summary s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("count", s.count());
        o.put("mean", s.mean());
        o.put("p50", s.p50());
        o.put("p95", s.p95());
        o.put("p99", s.p99());
        o.put("p999", s.p999());
        o.put("max", s.max());
        return o;
    }

    private static String times(Optional<Double> ratio) {
        return ratio.map(BenchReport::times).orElse("–");
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String secs(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
