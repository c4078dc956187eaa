package dev.concurrency.contention.fuzz;

import java.util.stream.Collectors;

/**
 * A path id to send and what the contract makes of it (docs/api.md#common-rules: ids are 64-bit numbers; path
 * ids that are not numbers, or longer than 100 characters, are 400 INVALID_REQUEST).
 *
 * @param raw    the id as generated (sent percent-encoded)
 * @param number the id a service reading it as a number would use, or null
 * @param kind   NUMBER: must be read as {@code number}; LENIENT: the contract leaves it open (400, or
 *               read as {@code number}: "+7", other scripts' digits); OVERFLOW: a number past 64 bits
 *               (400, or 404); INVALID: 400 INVALID_REQUEST; ROUTING: changes the route itself ("..", "a/b"): any 4xx
 */
record PathId(String raw, Long number, Kind kind) {

    enum Kind { NUMBER, LENIENT, OVERFLOW, INVALID, ROUTING }

    String encoded() {
        return Endpoints.encode(raw);
    }

    /**
     * Path ids built only from numbers the suite may touch (its own entities and ids nobody has):
     * whatever a service makes of an odd id, it can only reach those.
     */
    static Gen<PathId> of(Gen<Long> numbers) {
        Gen<PathId> plain = numbers.map(n -> new PathId(Long.toString(n), n, Kind.NUMBER));
        Gen<PathId> zeros = numbers.flatMap(n -> Gen.ints(1, 60).map(z -> new PathId(zeroPadded(n, z), n, Kind.NUMBER)));
        Gen<PathId> longZeros = numbers.flatMap(n -> Gen.ints(101, 300).map(len -> {
            String digits = Long.toString(Math.abs(n));
            String padded = (n < 0 ? "-" : "") + "0".repeat(Math.max(1, len - digits.length() - (n < 0 ? 1 : 0))) + digits;
            return new PathId(padded, n, Kind.INVALID);
        }));
        Gen<PathId> lenient = numbers.flatMap(n -> Gen.pick(
                new PathId("+" + n, n, n >= 0 ? Kind.LENIENT : Kind.INVALID),
                new PathId(otherDigits(n, '\u0660'), n, Kind.LENIENT),
                new PathId(otherDigits(n, '\uff10'), n, Kind.LENIENT),
                new PathId(n + ".0", n, Kind.LENIENT)));
        Gen<PathId> spaced = numbers.flatMap(n -> Gen.pick(" " + n, n + " ", n + "\t", n + ";x", n + "%", n + "abc", "0x" + n, n + "L",
                        n + "e0", n + "," + n, n + "\u0000").map(s -> new PathId(s, n, Kind.INVALID)));
        Gen<PathId> overflow = Gen.pick("9223372036854775808", "-9223372036854775809", "1" + "0".repeat(30), "9".repeat(99))
                .map(s -> new PathId(s, null, Kind.OVERFLOW));
        Gen<PathId> garbage = Gen.lists(Json.PIECES.map(PathId::withoutAsciiDigits).map(p -> p.isEmpty() ? "z" : p), 1, 300)
                .map(pieces -> String.join("", pieces))
                .map(s -> new PathId(s, null, routing(s) ? Kind.ROUTING : Kind.INVALID));
        Gen<PathId> special = Gen.pick(" ", "  ", "null", "undefined", "NaN", "-", "true", "{id}", "%", "é", "😀", ".", "..", "a/b", "\\")
                .map(s -> new PathId(s, null, routing(s) ? Kind.ROUTING : Kind.INVALID));
        Gen<PathId> hugeGarbage = Gen.ints(101, 300).map(n -> new PathId("x".repeat(n), null, Kind.INVALID));
        Gen<PathId> any = Gen.frequency(55, plain, 5, zeros, 6, longZeros, 5, lenient, 5, spaced, 4, overflow, 10, garbage, 4, special, 6, hugeGarbage);
        return d -> d.clean() ? plain.draw(d) : any.draw(d);
    }

    private static String zeroPadded(long n, int zeros) {
        return n < 0 ? "-" + "0".repeat(zeros) + Long.toString(n).substring(1) : "0".repeat(zeros) + n;
    }

    private static String otherDigits(long n, char zero) {
        return Long.toString(n).chars().mapToObj(c -> c == '-' ? "-" : String.valueOf((char) (zero + (c - '0'))))
                .collect(Collectors.joining());
    }

    private static String withoutAsciiDigits(String piece) {
        return piece.replaceAll("[0-9]", "");
    }

    private static boolean routing(String s) {
        return s.equals(".") || s.equals("..") || s.contains("/") || s.contains("\\");
    }
}
