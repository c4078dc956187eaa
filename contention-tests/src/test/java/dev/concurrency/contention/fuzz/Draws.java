package dev.concurrency.contention.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The choices one generated case is made of. Every generator draws only through {@link #below},
 * so a case is fully described by its list of choices: replaying the list rebuilds the case, and
 * shrinking is making the list shorter and its numbers smaller (0 is every generator's simplest
 * choice). Past the end of a replayed list every choice is 0.
 */
final class Draws {

    private final SplittableRandom random;
    private final long[] replay;
    private final List<Long> made = new ArrayList<>();
    private boolean clean;

    private Draws(SplittableRandom random, long[] replay) {
        this.random = random;
        this.replay = replay;
    }

    static Draws random(long seed) {
        return new Draws(new SplittableRandom(seed), null);
    }

    static Draws replay(long[] choices) {
        return new Draws(null, choices.clone());
    }

    /** A choice in [0, bound). */
    long below(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound);
        }
        long value;
        if (random != null) {
            value = random.nextLong(bound);
        } else {
            int at = made.size();
            value = at < replay.length ? replay[at] % bound : 0;
        }
        made.add(value);
        return value;
    }

    int below(int bound) {
        return (int) below((long) bound);
    }

    boolean chance(int percent) {
        // Shrinks toward "no": choice 0 is the common case.
        return below(100) >= 100 - percent;
    }

    /**
     * A clean case sends only valid input, so that the paths past validation (successes and the
     * domain's refusals) get as many cases as the garbage does.
     */
    boolean clean() {
        return clean;
    }

    void clean(boolean clean) {
        this.clean = clean;
    }

    long[] made() {
        return made.stream().mapToLong(Long::longValue).toArray();
    }

    static String format(long[] choices) {
        return Arrays.toString(choices);
    }

    static long[] parse(String line) {
        String inner = line.trim().replace("[", "").replace("]", "").trim();
        if (inner.isEmpty()) {
            return new long[0];
        }
        return Arrays.stream(inner.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
    }
}
