package dev.concurrency.contention.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a property over generated cases against the live services, and shrinks what fails.
 * <ul>
 *   <li>Reproducible: case i of property p is built from the seed {@code fuzz.seed} (fixed by
 *       default), p's name and i; a failure message names them.</li>
 *   <li>Every distinct kind of failure is shrunk (its choices made fewer and smaller while it still
 *       fails the same way) and reported, up to {@link #MAX_KINDS}; the property then fails with all of them.</li>
 *   <li>Shrunk failures are kept in {@code target/fuzz/failures/<property>.txt} and replayed first next time.</li>
 *   <li>Breaks of a {@link PendingFix} rule are collected and reported, not failed.</li>
 *   <li>Bounded: {@code tries} cases (times {@code fuzz.tries.factor}), stopped early after
 *       {@code fuzz.seconds} seconds per property so a slow machine still finishes.</li>
 * </ul>
 */
final class Fuzz {

    static final int MAX_KINDS = 6;
    private static final long DEFAULT_SEED = 0x2026_12_02L;
    private static final ThreadLocal<Try> CURRENT = new ThreadLocal<>();

    private Fuzz() {
    }

    /** What one case ran into: the pending fixes it broke (the first message of each). */
    static final class Try {
        private final Map<PendingFix, String> tolerated = new LinkedHashMap<>();

        void tolerated(PendingFix fix, String message) {
            tolerated.putIfAbsent(fix, message);
        }
    }

    static Try currentTry() {
        return CURRENT.get();
    }

    private record Outcome(Violation failure, Map<PendingFix, String> tolerated, long[] choices) {
    }

    private record Found(String kind, long[] choices, String message, String origin) {
    }

    /** A property whose body draws what it needs as it goes (it may look at the services between draws). */
    static void check(String property, int tries, Consumer<Draws> body) {
        check(property, tries, d -> d, body);
    }

    static <T> void check(String property, int tries, Gen<T> gen, Consumer<T> body) {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED) ^ ((long) property.hashCode() * 0x9E3779B97F4A7C15L);
        int cases = Math.max(1, (int) Math.round(tries * Double.parseDouble(System.getProperty("fuzz.tries.factor", "1"))));
        long deadline = System.nanoTime() + Long.getLong("fuzz.seconds", 40L) * 1_000_000_000L;
        Map<String, Found> failures = new LinkedHashMap<>();
        Map<PendingFix, Found> pending = new LinkedHashMap<>();
        int ran = 0;

        List<long[]> earlier = storedFailures(property);
        for (int i = 0; i < earlier.size() + cases && failures.size() < MAX_KINDS; i++) {
            boolean stored = i < earlier.size();
            if (!stored && ran > 0 && System.nanoTime() > deadline) {
                break;
            }
            Draws draws = stored ? Draws.replay(earlier.get(i)) : Draws.random(seed + (i - earlier.size()) * 0x632BE59BD9B4E019L);
            String origin = stored ? "replayed from " + failureFile(property) : "case " + (i - earlier.size()) + " of seed " + seed;
            Outcome outcome = runOnce(gen, body, draws);
            ran++;
            if (outcome.failure() != null && !failures.containsKey(outcome.failure().kind())) {
                String kind = outcome.failure().kind();
                Outcome smallest = shrink(gen, body, outcome, o -> o.failure() != null && o.failure().kind().equals(kind), failures, origin);
                failures.put(kind, new Found(kind, smallest.choices(), smallest.failure().getMessage(), origin));
            }
            for (PendingFix fix : outcome.tolerated().keySet()) {
                if (!pending.containsKey(fix)) {
                    Outcome smallest = shrink(gen, body, outcome, o -> o.tolerated().containsKey(fix), failures, origin);
                    pending.put(fix, new Found(fix.name(), smallest.choices(), smallest.tolerated().get(fix), origin));
                }
            }
        }
        String report = report(property, ran, seed, failures, pending);
        System.out.println(report);
        append(report);
        keepFailures(property, failures);
        if (!failures.isEmpty()) {
            throw new AssertionError(report);
        }
    }

    private static <T> Outcome runOnce(Gen<T> gen, Consumer<T> body, Draws draws) {
        Try current = new Try();
        CURRENT.set(current);
        Violation failure = null;
        try {
            draws.clean(!draws.chance(50)); // choice 0 (what shrinking heads for) is a clean case
            body.accept(gen.draw(draws));
        } catch (Violation v) {
            failure = v;
        } catch (AssertionError | RuntimeException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            failure = new Violation("error: " + e.getClass().getSimpleName() + ": " + Request.abbreviate(first, 80),
                    e + "\n" + stack(e));
        } finally {
            CURRENT.remove();
        }
        return new Outcome(failure, current.tolerated, draws.made());
    }

    /** Fewer choices, then smaller ones, while the case still fails the same way; bounded in runs and time. */
    private static <T> Outcome shrink(Gen<T> gen, Consumer<T> body, Outcome failing, java.util.function.Predicate<Outcome> same,
            Map<String, Found> failures, String origin) {
        Outcome best = failing;
        int budget = Integer.getInteger("fuzz.shrink.runs", 80);
        long deadline = System.nanoTime() + 20_000_000_000L;
        boolean improved = true;
        while (improved && budget > 0 && System.nanoTime() < deadline) {
            improved = false;
            for (long[] candidate : candidates(best.choices())) {
                if (budget-- <= 0 || System.nanoTime() > deadline) {
                    break;
                }
                Outcome tried = runOnce(gen, body, Draws.replay(candidate));
                if (tried.failure() != null && !same.test(tried) && failures.size() < MAX_KINDS) {
                    // another failure met on the way: reported as found (not shrunk itself)
                    failures.putIfAbsent(tried.failure().kind(), new Found(tried.failure().kind(), tried.choices(),
                            tried.failure().getMessage(), "met while shrinking " + origin));
                }
                if (same.test(tried) && simpler(tried.choices(), best.choices())) {
                    best = tried;
                    improved = true;
                    break;
                }
            }
        }
        return best;
    }

    private static List<long[]> candidates(long[] choices) {
        List<long[]> out = new ArrayList<>();
        for (int size : new int[] {8, 4, 2, 1}) {
            for (int at = choices.length - size; at >= 0; at--) {
                long[] shorter = new long[choices.length - size];
                System.arraycopy(choices, 0, shorter, 0, at);
                System.arraycopy(choices, at + size, shorter, at, choices.length - at - size);
                out.add(shorter);
            }
        }
        for (int at = 0; at < choices.length; at++) {
            if (choices[at] != 0) {
                for (long smaller : new long[] {0, choices[at] / 2, choices[at] - 1}) {
                    long[] copy = choices.clone();
                    copy[at] = smaller;
                    out.add(copy);
                }
            }
        }
        return out;
    }

    private static boolean simpler(long[] a, long[] b) {
        if (a.length != b.length) {
            return a.length < b.length;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return a[i] < b[i];
            }
        }
        return false;
    }

    private static String report(String property, int ran, long seed, Map<String, Found> failures, Map<PendingFix, Found> pending) {
        StringBuilder text = new StringBuilder("FUZZ ").append(property).append(": ").append(ran).append(" cases (seed ")
                .append(seed).append("), ").append(failures.isEmpty() ? "no failure" : failures.size() + " kind(s) of failure")
                .append(pending.isEmpty() ? "" : ", pending fixes seen: " + pending.keySet());
        for (Found found : failures.values()) {
            text.append("\n\nFAILURE (").append(found.origin()).append("; shrunk to choices ").append(Draws.format(found.choices()))
                    .append(")\n").append(found.message());
        }
        for (Map.Entry<PendingFix, Found> entry : pending.entrySet()) {
            text.append("\n\nPENDING FIX ").append(entry.getKey().name()).append(" — ").append(entry.getKey().rule())
                    .append(" (").append(entry.getValue().origin()).append("; shrunk to choices ")
                    .append(Draws.format(entry.getValue().choices())).append(")\n").append(entry.getValue().message());
        }
        return text.toString();
    }

    private static Path dir() {
        return Path.of(System.getProperty("fuzz.dir", "target/fuzz"));
    }

    private static Path failureFile(String property) {
        return dir().resolve("failures").resolve(property + ".txt");
    }

    private static List<long[]> storedFailures(String property) {
        Path file = failureFile(property);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Draws::parse).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static void keepFailures(String property, Map<String, Found> failures) {
        try {
            Path file = failureFile(property);
            if (failures.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Files.createDirectories(file.getParent());
            Files.write(file, failures.values().stream().map(f -> Draws.format(f.choices())).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(String report) {
        try {
            Files.createDirectories(dir());
            Files.writeString(dir().resolve("report.txt"), report + System.lineSeparator() + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stack(Throwable e) {
        StringBuilder text = new StringBuilder();
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(8, frames.length); i++) {
            text.append("    at ").append(frames[i]).append('\n');
        }
        return text.toString();
    }
}
