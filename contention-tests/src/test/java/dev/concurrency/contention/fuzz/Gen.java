package dev.concurrency.contention.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A generator: builds a value from {@link Draws}. Options are listed simplest first, because
 * shrinking moves every choice toward 0.
 */
@FunctionalInterface
interface Gen<T> {

    T draw(Draws draws);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return d -> f.apply(draw(d));
    }

    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        return d -> f.apply(draw(d)).draw(d);
    }

    static <T> Gen<T> constant(T value) {
        return d -> value;
    }

    @SafeVarargs
    static <T> Gen<T> pick(T... values) {
        List<T> options = java.util.Arrays.asList(values.clone());
        return d -> options.get(d.below(options.size()));
    }

    static <T> Gen<T> pickFrom(List<T> values) {
        return d -> values.get(d.below(values.size()));
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... options) {
        return d -> options[d.below(options.length)].draw(d);
    }

    /** A weighted choice; pairs of (weight, generator), the first the one shrinking heads for. */
    static <T> Gen<T> frequency(Object... weightsAndGens) {
        List<Integer> weights = new ArrayList<>();
        List<Gen<? extends T>> gens = new ArrayList<>();
        for (int i = 0; i < weightsAndGens.length; i += 2) {
            weights.add((Integer) weightsAndGens[i]);
            @SuppressWarnings("unchecked")
            Gen<? extends T> g = (Gen<? extends T>) weightsAndGens[i + 1];
            gens.add(g);
        }
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        return d -> {
            int roll = d.below(total);
            for (int i = 0; i < gens.size(); i++) {
                roll -= weights.get(i);
                if (roll < 0) {
                    return gens.get(i).draw(d);
                }
            }
            throw new IllegalStateException();
        };
    }

    /** A number in [lo, hi], now and then exactly an edge; shrinks toward lo. */
    static Gen<Long> between(long lo, long hi) {
        if (hi < lo || hi - lo < 0) {
            throw new IllegalArgumentException(lo + ".." + hi);
        }
        return d -> switch (d.below(8)) {
            case 1 -> hi;
            case 2 -> Math.min(hi, lo + 1);
            case 3 -> Math.max(lo, hi - 1);
            default -> lo + d.below(hi - lo + 1);
        };
    }

    static Gen<Integer> ints(int lo, int hi) {
        return between(lo, hi).map(Long::intValue);
    }

    static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
        return d -> {
            int n = min + d.below(max - min + 1);
            List<T> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element.draw(d));
            }
            return list;
        };
    }

    /** A string of code points drawn from {@code chars}, of a length in [min, max]. */
    static Gen<String> strings(Gen<Integer> chars, int min, int max) {
        return d -> {
            int n = min + d.below(max - min + 1);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) {
                text.appendCodePoint(chars.draw(d));
            }
            return text.toString();
        };
    }

    static Gen<Integer> charsOf(String alphabet) {
        int[] points = alphabet.codePoints().toArray();
        return d -> points[d.below(points.length)];
    }
}
