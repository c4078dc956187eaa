package dev.concurrency.lockbench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's settings, from system properties:
 * <ul>
 *   <li>{@code bench.output} (target/bench): where lock-benchmark.md / .json are written</li>
 *   <li>{@code bench.lock.seconds} (10): measured seconds per run; {@code bench.lock.warmup.seconds} (2) before it</li>
 *   <li>{@code bench.lock.threads} (8): contender threads per process</li>
 *   <li>{@code bench.lock.processes} (1,2,3), {@code bench.lock.implementations} (ours,ours-combining,redisson-rlock,redisson-fenced),
 *       {@code bench.lock.sections} (db,memory)</li>
 *   <li>{@code bench.lock.wait.seconds} (30): the acquire wait timeout</li>
 *   <li>{@code bench.redis.url}, {@code bench.db.url}, {@code bench.db.user}, {@code bench.db.password}</li>
 *   <li>{@code bench.lock.classpath.dir}, {@code bench.lock.classes.dir}: set by the pom (the children's classpaths)</li>
 * </ul>
 */
public record BenchConfig(Path output, Duration measure, Duration warmup, int threads, List<Integer> processes,
        List<Implementation> implementations, List<Section> sections, Duration waitTimeout, String redisUrl,
        String dbUrl, String dbUser, String dbPassword, Path classpathDir, Path classesDir) {

    public static BenchConfig fromSystemProperties() {
        return new BenchConfig(
                Path.of(prop("bench.output", "target/bench")).toAbsolutePath(),
                seconds(prop("bench.lock.seconds", "10")),
                seconds(prop("bench.lock.warmup.seconds", "2")),
                Integer.parseInt(prop("bench.lock.threads", "8")),
                list(prop("bench.lock.processes", "1,2,3")).stream().map(Integer::parseInt).toList(),
                list(prop("bench.lock.implementations", "ours,ours-combining,redisson-rlock,redisson-fenced")).stream()
                        .map(Implementation::byId).toList(),
                list(prop("bench.lock.sections", "db,memory")).stream().map(Section::byId).toList(),
                seconds(prop("bench.lock.wait.seconds", "30")),
                prop("bench.redis.url", "redis://127.0.0.1:6379"),
                prop("bench.db.url", "jdbc:mysql://127.0.0.1:3306/lock_test"),
                prop("bench.db.user", "lock_svc"),
                prop("bench.db.password", "lock_svc"),
                Path.of(prop("bench.lock.classpath.dir", "lock-bench/target/lock-bench-classpath")).toAbsolutePath(),
                Path.of(prop("bench.lock.classes.dir", "lock-bench/target/classes")).toAbsolutePath());
    }

    /** The same connections and classpaths with another size and selection (for tests). */
    public BenchConfig with(Path output, Duration measure, Duration warmup, int threads, List<Integer> processes,
            List<Implementation> implementations, List<Section> sections) {
        return new BenchConfig(output, measure, warmup, threads, processes, implementations, sections, waitTimeout,
                redisUrl, dbUrl, dbUser, dbPassword, classpathDir, classesDir);
    }

    private static String prop(String key, String fallback) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
