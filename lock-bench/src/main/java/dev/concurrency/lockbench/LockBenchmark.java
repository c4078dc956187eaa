package dev.concurrency.lockbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The lock-level benchmark: this project's lock against Redisson's RLock and RFencedLock on one hot
 * key, with the same critical section, from 1 to 3 processes.
 *
 * <p>For every critical section, process count and lock (in that nesting, so the locks being compared
 * run back to back), it starts that many contender JVMs ({@link Contender}) with N threads each,
 * releases them together, lets them warm up and then measures for a fixed time. Afterwards it checks
 * mutual exclusion: a shared-memory detector must have seen no overlap, and the counter that every
 * holder incremented must equal the number of increments the contenders committed.
 *
 * <p>Writes {@code lock-benchmark.md} and {@code lock-benchmark.json} to {@code bench.output};
 * see {@link BenchConfig} for the settings. Run: {@code ./mvnw -B -q -pl lock-bench exec:java}.
 */
public final class LockBenchmark {

    static final String TABLE = "lock_bench_counter";

    private final BenchConfig config;
    private final String stamp = "lockbench:" + System.currentTimeMillis();

    public LockBenchmark(BenchConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.fromSystemProperties();
        long started = System.nanoTime();
        BenchReport report = new LockBenchmark(config).run();
        report.write(config.output());
        System.out.println(report.markdown());
        System.out.printf("lock benchmark: %d runs in %.0f s; report in %s%n", report.results().size(),
                (System.nanoTime() - started) / 1e9, config.output().resolve(BenchReport.MARKDOWN));
    }

    public BenchReport run() throws Exception {
        Class.forName("com.mysql.cj.jdbc.Driver"); // registered with this class's loader (exec:java has its own)
        Files.createDirectories(config.output());
        String redisVersion;
        try (MiniRedis redis = new MiniRedis(config.redisUrl())) {
            redisVersion = redis.version();
        }
        String databaseVersion;
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " value BIGINT NOT NULL, fence_token BIGINT NOT NULL DEFAULT 0, label VARCHAR(200))");
            try (ResultSet rs = s.executeQuery("SELECT VERSION()")) {
                rs.next();
                databaseVersion = rs.getString(1);
            }
        }
        Machine machine = Machine.describe(redisVersion, databaseVersion);
        Instant startedAt = Instant.now();
        double loadBefore = Machine.loadAverage();
        List<RunResult> results = new ArrayList<>();
        // Every run repeated (make bench: 3, bench.repeats), one lock after the other each time, for the spread the report charts.
        int repeats = Math.max(1, Integer.getInteger("bench.repeats", 1));
        try {
            for (Section section : config.sections()) {
                for (int processes : config.processes()) {
                    for (int repeat = 0; repeat < repeats; repeat++) {
                        for (Implementation implementation : config.implementations()) {
                            long runStarted = System.nanoTime();
                            RunResult result = runOne(implementation, section, processes);
                            System.err.printf("lock benchmark: %-15s %-6s %d process(es): %8.1f acq/s, wait p50 %.3f ms"
                                            + " p99 %.3f ms, violations %d, problems %d (%.1f s)%n", implementation.id(),
                                    section.id(), processes, result.throughput(), result.waiting().p50(),
                                    result.waiting().p99(), result.violations(), result.problems(),
                                    (System.nanoTime() - runStarted) / 1e9);
                            results.add(result);
                        }
                    }
                }
            }
        } finally {
            try (MiniRedis redis = new MiniRedis(config.redisUrl())) {
                redis.deleteMatching("*" + stamp + "*");
            }
        }
        return new BenchReport(config, machine, startedAt, Instant.now(), loadBefore, results);
    }

    private RunResult runOne(Implementation implementation, Section section, int processes) throws Exception {
        String run = implementation.id() + "-" + section.id() + "-p" + processes;
        String lockName = stamp + ":" + run;
        long row = section == Section.DB ? createRow(lockName) : 0;
        Path work = Files.createTempDirectory("lockbench-");
        Path sharedFile = work.resolve("shared.bin");
        SharedMemory shared = SharedMemory.open(sharedFile);
        List<ChildProcess> children = new ArrayList<>();
        try {
            List<String> classpath = childClasspath(implementation);
            for (int i = 0; i < processes; i++) {
                List<String> command = new ArrayList<>(classpath);
                command.addAll(List.of("adapter=" + implementation.adapterClass(), "lock=" + lockName,
                        "section=" + section.id(), "fenced=" + implementation.fenced(), "threads=" + config.threads(),
                        "combining=" + implementation.combining(),
                        "warmupMillis=" + config.warmup().toMillis(), "measureMillis=" + config.measure().toMillis(),
                        "waitMillis=" + config.waitTimeout().toMillis(), "redisUrl=" + config.redisUrl(),
                        "shared=" + sharedFile, "result=" + work.resolve("result-" + i + ".bin"),
                        "dbUrl=" + config.dbUrl(), "dbUser=" + config.dbUser(), "dbPassword=" + config.dbPassword(),
                        "table=" + TABLE, "row=" + row));
                children.add(new ChildProcess(command, config.output().resolve("logs").resolve(run + "-" + i + ".log")));
            }
            for (ChildProcess child : children) {
                child.expect("READY", Duration.ofSeconds(90));
            }
            Map<String, Long> callsBefore = commandCalls();
            children.forEach(child -> child.send("GO"));
            Duration runTime = config.warmup().plus(config.measure()).plus(config.waitTimeout()).plus(Duration.ofSeconds(60));
            for (ChildProcess child : children) {
                child.expect("DONE", runTime);
            }
            Map<String, Long> redisCalls = new TreeMap<>();
            commandCalls().forEach((command, calls) -> {
                long delta = calls - callsBefore.getOrDefault(command, 0L);
                if (delta > 0 && !command.equals("info")) {
                    redisCalls.put(command, delta);
                }
            });
            for (ChildProcess child : children) {
                child.awaitExit(Duration.ofSeconds(15));
            }

            Samples waits = new Samples();
            Samples holds = new Samples();
            Samples critical = new Samples();
            long total = 0, committed = 0, refused = 0, timeouts = 0, errors = 0, lost = 0, measured = 0;
            String firstError = "";
            String library = "";
            for (int i = 0; i < processes; i++) {
                ChildResult r = ChildResult.read(work.resolve("result-" + i + ".bin"));
                waits.addAll(r.waits());
                holds.addAll(r.holds());
                critical.addAll(r.sections());
                measured += r.measured();
                total += r.acquisitions();
                committed += r.committed();
                refused += r.refused();
                timeouts += r.timeouts();
                errors += r.errors();
                lost += r.lostLeases();
                library = r.library();
                if (firstError.isEmpty()) {
                    firstError = r.firstError();
                }
            }
            long counter = section == Section.DB ? readRow(row) : shared.counter();
            double seconds = config.measure().toNanos() / 1e9;
            return new RunResult(implementation, section, processes, config.threads(), library, seconds, measured,
                    measured / seconds, waits.summary(), holds.summary(), critical.summary(), total, committed,
                    counter, shared.overlaps(), shared.maxInside(), refused, timeouts, errors, lost, firstError, Machine.loadAverage(), redisCalls);
        } finally {
            children.forEach(ChildProcess::close);
            if (section == Section.DB) {
                deleteRow(row);
            }
            try (MiniRedis redis = new MiniRedis(config.redisUrl())) {
                redis.deleteMatching("*" + lockName + "*");
            }
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Map<String, Long> commandCalls() throws IOException {
        try (MiniRedis redis = new MiniRedis(config.redisUrl())) {
            return redis.commandCalls();
        }
    }

    /** java, JVM options, classpath and main class of a contender of this implementation. */
    private List<String> childClasspath(Implementation implementation) throws IOException {
        Path file = config.classpathDir().resolve(implementation.classpath() + ".classpath");
        if (!Files.isRegularFile(file) || !Files.isDirectory(config.classesDir())) {
            throw new IllegalStateException(file + " or " + config.classesDir() + " is missing: build the module first"
                    + " (./mvnw -B -q install -DskipTests -pl lock-bench -am)");
        }
        String classpath = config.classesDir() + java.io.File.pathSeparator + Files.readString(file).trim();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Same heap, GC and flags for every lock; only the classpath (and its logging manager) differs.
        command.add("-Xms256m");
        command.add("-Xmx256m");
        command.add("-XX:+UseG1GC");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        if (implementation == Implementation.OURS || implementation == Implementation.OURS_COMBINING) {
            // jboss-logmanager comes with the Quarkus stack and insists on being the JUL manager.
            command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        }
        String redissonVersion = System.getProperty("bench.lock.redisson.version");
        if (redissonVersion != null) {
            command.add("-Dbench.lock.redisson.version=" + redissonVersion);
        }
        command.add("-cp");
        command.add(classpath);
        command.add(Contender.class.getName());
        return command;
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword());
    }

    private long createRow(String label) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + TABLE + " (value, fence_token, label) VALUES (0, 0, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, label);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private long readRow(long id) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT value FROM " + TABLE + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void deleteRow(long id) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }
}
