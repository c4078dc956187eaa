package dev.concurrency.contention.fuzz;

import dev.concurrency.contention.fuzz.Value.Validity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.concurrency.contention.fuzz.Value.INVALID_AMOUNT;
import static dev.concurrency.contention.fuzz.Value.INVALID_REQUEST;

/**
 * Generators of JSON values and bodies, valid and not, each with the contract's verdict
 * (docs/api.md#common-rules: malformed JSON, wrong types, missing fields, numbers out of range or overflowing
 * 64 bits, bodies over 64 KiB: 400; unknown fields ignored).
 */
final class Json {

    static final int MAX_BODY = 64 * 1024;

    private Json() {
    }

    // ------------------------------------------------------------------ numbers

    /**
     * A whole-number field whose valid values come from {@code valid} and lie in [lo, hi];
     * {@code rangeCode} is the code for a number out of range (INVALID_AMOUNT for points and prices).
     */
    static Gen<Value> number(Gen<Long> valid, long lo, long hi, String rangeCode, boolean required) {
        String[] typeCodes = rangeCode.equals(INVALID_AMOUNT) ? new String[] {INVALID_AMOUNT, INVALID_REQUEST} : new String[] {INVALID_REQUEST};
        Gen<Value> inRange = valid.map(v -> Value.valid(Long.toString(v), v));
        Gen<Value> outOfRange = d -> {
            List<Long> outside = new ArrayList<>();
            for (long v : new long[] {lo - 1, hi + 1, 0, -1, -hi, Long.MIN_VALUE, Long.MAX_VALUE, hi * 10 + 7, 2_147_483_648L, -lo}) {
                if (v < lo || v > hi) {
                    outside.add(v);
                }
            }
            long v = outside.get(d.below(outside.size()));
            return Value.invalid(Long.toString(v), rangeCode);
        };
        Gen<Value> overflow = Gen.pick("9223372036854775808", "-9223372036854775809", "18446744073709551616",
                        "1" + "0".repeat(30), "9".repeat(1200), "-" + "9".repeat(25))
                .map(text -> Value.invalid(text, typeCodes));
        Gen<Value> fraction = Gen.pick("1.5", "0.1", "-2.5", "1E400", "1e-5", "0.999999999999999999999")
                .map(text -> Value.invalid(text, typeCodes));
        Gen<Value> wholeFloat = valid.flatMap(v -> Gen.pick(v + ".0", v + "e0", v + ".000"))
                .map(text -> Value.either(text, (long) Double.parseDouble(text), typeCodes));
        Gen<Value> wrongType = valid.flatMap(v -> Gen.pick("\"" + v + "\"", "true", "false", "[]", "{}", "[" + v + "]", "\"\"",
                        "{\"value\":" + v + "}", "\"" + v + "abc\""))
                .map(text -> Value.invalid(text, typeCodes));
        Gen<Value> nothing = Gen.constant(required ? Value.invalid("null", typeCodes) : Value.valid("null", null));
        Gen<Value> any = Gen.frequency(70, inRange, 8, outOfRange, 5, overflow, 4, fraction, 3, wholeFloat, 6, wrongType, 3, nothing);
        return d -> d.clean() ? inRange.draw(d) : any.draw(d);
    }

    /** An id field: valid ids come from {@code ids} (the suite's own entities or ids nobody has). */
    static Gen<Value> id(Gen<Long> ids) {
        Gen<Value> valid = ids.map(v -> Value.valid(Long.toString(v), v));
        Gen<Value> any = Gen.frequency(
                85, ids.map(v -> Value.valid(Long.toString(v), v)),
                4, Gen.pick("9223372036854775808", "-9223372036854775809", "1" + "0".repeat(40)).map(t -> Value.invalid(t, INVALID_REQUEST)),
                5, ids.flatMap(v -> Gen.pick("\"" + v + "\"", "true", "[]", "{}", "[" + v + "]", "\"x\"")).map(t -> Value.invalid(t, INVALID_REQUEST)),
                2, ids.map(v -> Value.either(v + ".0", v, INVALID_REQUEST)),
                2, Gen.constant(Value.invalid("1.5", INVALID_REQUEST)),
                2, Gen.constant(Value.invalid("null", INVALID_REQUEST)));
        return d -> d.clean() ? valid.draw(d) : any.draw(d);
    }

    // ------------------------------------------------------------------ strings

    /** Characters worth sending: plain, unicode of every width, controls, quotes, injection-looking text. */
    static final Gen<String> PIECES = Gen.frequency(
            50, Gen.strings(Gen.charsOf("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), 1, 1),
            6, Gen.pick(" ", "-", "_", ".", "'", "\"", "\\", "/", "%", "&", "?", "#", ";", ":", "<", ">", "{", "}", "[", "]", "*", "+", "="),
            10, Gen.pick("é", "ß", "中", "文", "한", "ü", "Ω", "ж", "ا", "\u00a0", "€"),
            5, Gen.pick("😀", "🎉", "𝕏", "👨‍👩‍👧"),
            5, Gen.pick("\u0000", "\u0001", "\n", "\r", "\t", "\u001f", "\u007f", "\u200b", "\u202e", "\ufeff", "e\u0301", "\u2028"),
            2, Gen.pick("' OR '1'='1", "<script>", "${jndi:x}", "%s%n", "../", "\\u0000"));

    /** Text built from {@link #PIECES}, from {@code min} to {@code max} pieces long. */
    static Gen<String> text(int min, int max) {
        return Gen.lists(PIECES, min, max).map(pieces -> String.join("", pieces));
    }

    /**
     * A string field that the contract allows from 1 to {@code max} characters ({@code contractMax}
     * false: the contract gives no bound, {@code max} is only the service's).
     */
    static Gen<Value> string(int max, boolean contractMax, Gen<String> usual) {
        Gen<String> content = Gen.frequency(
                60, usual,
                8, text(max + 1, max + 40),
                3, Gen.constant("x".repeat(max) + "😀"),
                3, Gen.constant("é".repeat(max + 1)),
                4, Gen.pick("", " ", "   ", "\t", "\u00a0", "\u3000", "\n"),
                3, Gen.constant("x".repeat(max)));
        Gen<Value> strings = d -> {
            String s = content.draw(d);
            boolean lone = d.chance(3);
            return stringValue(s, max, contractMax, lone);
        };
        Gen<Value> wrongType = Gen.pick("5", "true", "[]", "{}", "[\"a\"]", "1.5").map(t -> Value.invalid(t, INVALID_REQUEST));
        Gen<Value> any = Gen.frequency(88, strings, 8, wrongType, 4, Gen.constant(Value.invalid("null", INVALID_REQUEST)));
        return d -> d.clean() ? stringValue(usual.draw(d), max, contractMax, false) : any.draw(d);
    }

    /** The verdict on a string: length counted both ways (UTF-16 units, code points) where the contract does not say which. */
    /** An id the caller chooses (payments, holds): valid only as 1 to 100 visible ASCII characters. */
    static Value chosenId(String id) {
        String json = quote(id, false);
        return id.matches("[\\x21-\\x7E]{1,100}") ? Value.valid(json, id) : Value.invalid(json, INVALID_REQUEST);
    }

    static Value stringValue(String s, int max, boolean contractMax, boolean loneSurrogate) {
        String json = quote(s, loneSurrogate);
        String parsed = loneSurrogate ? s + "\ud800" : s;
        int units = parsed.length();
        int points = parsed.codePointCount(0, parsed.length());
        boolean fitsBoth = units >= 1 && units <= max && points >= 1 && points <= max;
        boolean fitsNeither = (units < 1 || units > max) && (points < 1 || points > max);
        if (parsed.isEmpty()) {
            return Value.invalid(json, INVALID_REQUEST);
        }
        if (fitsNeither && contractMax) {
            return Value.invalid(json, INVALID_REQUEST);
        }
        // Blank text, an unpaired surrogate or a length only one way of counting allows: the contract leaves it open.
        if (!fitsBoth || parsed.isBlank() || loneSurrogate) {
            return Value.either(json, parsed, INVALID_REQUEST);
        }
        return Value.valid(json, parsed);
    }

    /** A JSON string literal: non-ASCII now raw, now escaped; an unpaired surrogate (as an escape) appended if asked. */
    static String quote(String s, boolean loneSurrogate) {
        StringBuilder out = new StringBuilder("\"");
        int i = 0;
        for (int c : s.codePoints().toArray()) {
            i++;
            if (c == '"') {
                out.append("\\\"");
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || c == 0x7f || c == 0x2028 || (c > 0x7f && i % 3 == 0)) {
                // escaped as UTF-16 units: a character beyond the BMP as its surrogate pair
                for (char unit : Character.toChars(c)) {
                    out.append(String.format("\\u%04x", (int) unit));
                }
            } else {
                out.appendCodePoint(c);
            }
        }
        if (loneSurrogate) {
            out.append("\\ud800");
        }
        return out.append('"').toString();
    }

    // ------------------------------------------------------------------ junk and objects

    /** Any JSON value, nested up to {@code depth}: the value of an unknown field. */
    static Gen<String> junk(int depth) {
        Gen<String> scalar = Gen.oneOf(Gen.pick("null", "true", "false", "0", "-1", "1e300", "\"\"", "\"x\"", "12345678901234567890123"),
                text(0, 8).map(t -> quote(t, false)));
        if (depth <= 0) {
            return scalar;
        }
        Gen<String> array = Gen.lists(junk(depth - 1), 0, 3).map(items -> "[" + String.join(",", items) + "]");
        Gen<String> object = Gen.lists(junk(depth - 1), 0, 3).map(items -> {
            StringBuilder o = new StringBuilder("{");
            for (int i = 0; i < items.size(); i++) {
                o.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(items.get(i));
            }
            return o.append('}').toString();
        });
        return Gen.frequency(6, scalar, 2, array, 2, object);
    }

    /** One field of a body: its name, its value generator, and whether it may be left out. */
    record Field(String name, Gen<Value> value, boolean required, String... missingCodes) {
    }

    /** A generated body: the bytes sent and the contract's verdict on them, with the fields as read. */
    record Body(byte[] bytes, Validity validity, Set<String> codes, Map<String, Value> fields, String shape) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Value field(String name) {
            return fields.getOrDefault(name, Value.absent(Validity.VALID));
        }

        boolean mustRefuse() {
            return validity == Validity.INVALID;
        }

        boolean mayRefuse() {
            return validity != Validity.VALID;
        }
    }

    /**
     * A JSON object of these fields in some order and spacing, now and then with unknown fields, a
     * field left out, or broken as a whole (malformed, not an object, too large, too deep).
     */
    static Gen<Body> object(Field... fields) {
        return d -> {
            Map<String, Value> values = new LinkedHashMap<>();
            List<String> members = new ArrayList<>();
            List<Value> verdicts = new ArrayList<>();
            for (Field field : fields) {
                if (!d.clean() && d.chance(6)) {
                    Value missing = field.required() ? Value.absent(Validity.INVALID, field.missingCodes()) : Value.absent(Validity.VALID);
                    values.put(field.name(), missing);
                    verdicts.add(missing);
                    continue;
                }
                Value v = field.value().draw(d);
                values.put(field.name(), v);
                verdicts.add(v);
                if (v.present()) {
                    members.add("\"" + field.name() + "\"" + space(d) + ":" + space(d) + v.json());
                }
            }
            if (d.chance(15)) {
                int unknown = 1 + d.below(3);
                for (int i = 0; i < unknown; i++) {
                    String name = Gen.pick("extra", "id", "status", "AMOUNT", "Name", "__proto__", "", "x".repeat(300), "é").draw(d);
                    if (!values.containsKey(name)) {
                        members.add("\"" + name + "\":" + junk(2).draw(d));
                    }
                }
            }
            if (d.chance(30)) {
                // field order is not meaning: rotate it
                int by = d.below(Math.max(1, members.size()));
                List<String> rotated = new ArrayList<>(members.subList(by, members.size()));
                rotated.addAll(members.subList(0, by));
                members = rotated;
            }
            String separator = "," + space(d);
            String text = "{" + space(d) + String.join(separator, members) + space(d) + "}";
            Value verdict = Value.combine(text, null, verdicts);
            return wholeBody(d, text, verdict.validity(), verdict.codes(), values);
        };
    }

    private static Body wholeBody(Draws d, String text, Validity validity, Set<String> codes, Map<String, Value> values) {
        switch (!d.clean() && d.chance(14) ? d.below(9) : -1) {
            case 0 -> {
                String broken = Gen.pick(text.substring(0, text.length() - 1), text + ",", text + "}", text.replace(":", "="),
                        text.replace("\"", "'"), text + " x", "{,}", text.replaceFirst("\\{", "{/*c*/"), "{\"a\":NaN}").draw(d);
                if (JsonText.parse(broken.getBytes(StandardCharsets.UTF_8)) != null) {
                    // the mutation left it valid JSON (e.g. "{}" has no ':' to break): it is still the object it was
                    return new Body(text.getBytes(StandardCharsets.UTF_8), validity, codes, values, "object");
                }
                return refused(broken, values, "malformed");
            }
            case 1 -> {
                return refused(Gen.pick("", " ", "[]", "5", "\"text\"", "true", "null", "[" + text + "]").draw(d), values, "not an object");
            }
            case 2 -> {
                int size = Gen.pick(MAX_BODY + 1, MAX_BODY + 100, 70_000, 200_000).draw(d);
                return refused(padded(text, size), values, "over 64 KiB");
            }
            case 3 -> {
                // An unknown field this deep: a parser may refuse it (400) or skip it; never a 5xx.
                int depth = Gen.pick(1_100, 3_000, 20_000).draw(d);
                String deep = withMember(text, "\"deep\":" + "[".repeat(depth) + "]".repeat(depth));
                Set<String> all = new TreeSet<>(codes);
                all.add(INVALID_REQUEST);
                return new Body(deep.getBytes(StandardCharsets.UTF_8), validity == Validity.INVALID ? Validity.INVALID : Validity.EITHER,
                        all, values, "nested " + depth + " deep");
            }
            case 4 -> {
                java.io.ByteArrayOutputStream bad = new java.io.ByteArrayOutputStream();
                bad.writeBytes("{\"".getBytes(StandardCharsets.UTF_8));
                bad.write(0xC3); // a lead byte followed by '(' : not UTF-8
                bad.write(0x28);
                byte[] rest = withMember(text, "").getBytes(StandardCharsets.UTF_8);
                bad.writeBytes("\":1".getBytes(StandardCharsets.UTF_8));
                bad.writeBytes(java.util.Arrays.copyOfRange(rest, 1, rest.length));
                return new Body(bad.toByteArray(), Validity.INVALID, Set.of(INVALID_REQUEST), values, "invalid UTF-8");
            }
            case 5 -> {
                // Just under the limit, and valid: must be served like the small body.
                int size = Gen.pick(MAX_BODY - 200, 60_000).draw(d);
                return new Body(padded(text, size).getBytes(StandardCharsets.UTF_8), validity, codes, values, "padded under 64 KiB");
            }
            case 6 -> {
                return new Body(withMember(text, "\"deep\":" + "[".repeat(40) + "]".repeat(40)).getBytes(StandardCharsets.UTF_8),
                        validity, codes, values, "nested 40 deep");
            }
            case 7 -> {
                if (!text.contains("\"")) {
                    return new Body(text.getBytes(StandardCharsets.UTF_8), validity, codes, values, "object");
                }
                return refused(text.replaceFirst("\"", "\"\u0001"), values, "raw control character");
            }
            default -> {
                return new Body(text.getBytes(StandardCharsets.UTF_8), validity, codes, values, "object");
            }
        }
    }

    private static Body refused(String text, Map<String, Value> values, String shape) {
        return new Body(text.getBytes(StandardCharsets.UTF_8), Validity.INVALID, Set.of(INVALID_REQUEST), values, shape);
    }

    /** The object with an unknown field added that brings it to {@code size} bytes. */
    static String padded(String object, int size) {
        int fill = Math.max(0, size - withMember(object, "\"padding\":\"\"").getBytes(StandardCharsets.UTF_8).length);
        return withMember(object, "\"padding\":\"" + "p".repeat(fill) + "\"");
    }

    /** The object with one more member put first; {@code member} empty leaves "{" + a comma-led rest. */
    static String withMember(String object, String member) {
        String inner = object.strip();
        inner = inner.substring(1, inner.length() - 1);
        if (member.isEmpty()) {
            return inner.isBlank() ? "{}" : "{," + inner + "}";
        }
        return inner.isBlank() ? "{" + member + "}" : "{" + member + "," + inner + "}";
    }

    private static String space(Draws d) {
        return d.chance(10) ? Gen.pick(" ", "\n", "\t", "  ", "\r\n ").draw(d) : "";
    }
}
