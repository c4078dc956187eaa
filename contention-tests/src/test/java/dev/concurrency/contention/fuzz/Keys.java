package dev.concurrency.contention.fuzz;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Idempotency-Key values to send, and what the services must remember of them (docs/api.md#common-rules): a
 * repeat with the same key and the same body (as parsed JSON) gets the first answer; the same key
 * with another body 422 IDEMPOTENCY_KEY_REUSED; keys are scoped to the endpoint and the path id.
 */
final class Keys {

    static final String HEADER = "Idempotency-Key";

    /** A header value to send, or none ({@code value} null). */
    record Key(String value) {

        static final Key NONE = new Key(null);

        /** What the service sees: HTTP drops spaces and tabs around a header value. */
        String effective() {
            return value == null ? null : value.replaceAll("^[ \\t]+|[ \\t]+$", "");
        }

        /** 1 to 100 printable ASCII characters. */
        boolean valid() {
            String key = effective();
            return key == null || !key.isEmpty() && key.length() <= 100 && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        }

        boolean present() {
            return value != null;
        }
    }

    private record First(byte[] body, Answer answer) {
    }

    private final String prefix;
    private final Map<String, First> firsts = new HashMap<>();

    Keys(String nonce) {
        this.prefix = "fz" + nonce + "-";
    }

    /** Keys: mostly none or valid (this run's own, so no other run's answer is replayed), some not valid. */
    Gen<Key> keys() {
        Gen<Integer> printable = d -> 0x20 + d.below(0x7f - 0x20);
        Gen<Key> valid = Gen.strings(printable, 1, 40).map(s -> new Key(prefix + s.strip() + "k"));
        Gen<Key> longest = Gen.constant(new Key(prefix + "x".repeat(100 - prefix.length())));
        Gen<Key> invalid = Gen.oneOf(
                Gen.pick("", " ", "\t").map(Key::new),
                Gen.ints(101, 300).map(n -> new Key(prefix + "y".repeat(n - prefix.length()))),
                Gen.pick("é", "😀", "ключ", "\u00a0", "a\tb", "a b\t").map(s -> new Key(prefix + s)));
        Gen<Key> any = Gen.frequency(45, Gen.constant(Key.NONE), 35, valid, 5, longest, 15, invalid);
        Gen<Key> clean = Gen.frequency(1, Gen.constant(Key.NONE), 1, valid);
        return d -> d.clean() ? clean.draw(d) : any.draw(d);
    }

    /** Only valid, fresh keys (and none): for properties about something else. */
    Gen<Key> validKeys() {
        Gen<Integer> printable = d -> 0x21 + d.below(0x7f - 0x21);
        return Gen.frequency(1, Gen.constant(Key.NONE), 2, Gen.strings(printable, 1, 30).map(s -> new Key(prefix + s)));
    }

    Key fresh(String label) {
        return new Key(prefix + label + "-" + System.nanoTime());
    }

    private static String scope(Request request, Key key) {
        return request.method() + " " + request.path() + "\n" + key.effective();
    }

    /**
     * What the answer must be given the key: {@code fresh} for a first use (or no key); the first
     * answer again for a repeat; 422 for another body; anything conformant after an unknown outcome.
     */
    Expect expect(Request request, Key key, Supplier<Expect> fresh) {
        if (!key.present() || !key.valid()) {
            return fresh.get();
        }
        First first = firsts.get(scope(request, key));
        if (first == null) {
            return fresh.get();
        }
        if (!first.answer().answered() || first.answer().status() >= 500) {
            return Expect.anything();
        }
        if (JsonText.sameBody(first.body(), request.body())) {
            return Expect.replay(first.answer());
        }
        Expect reused = Expect.error(422, "IDEMPOTENCY_KEY_REUSED");
        // A 400 for a body that never became a request may not bind the key: the contract leaves it open.
        // And a new body that is bad input may be refused as such before its key is looked at.
        return first.answer().status() == 400 ? reused.or(fresh.get()) : reused.or(fresh.get().onlyStatus(400));
    }

    /** Whether this request's key is bound to an earlier answer (so this one changes nothing). */
    boolean isRepeat(Request request, Key key) {
        if (!key.present() || !key.valid()) {
            return false;
        }
        First first = firsts.get(scope(request, key));
        return first != null && first.answer().status() != 400;
    }

    /** Remembers the first answer to a valid key on its endpoint and path. */
    void remember(Request request, Key key, Answer answer) {
        if (key.present() && key.valid()) {
            String scope = scope(request, key);
            First first = firsts.get(scope);
            boolean bound = first != null && first.answer().status() != 400;
            if (!bound && !(answer.status() == 422 && first != null)) {
                firsts.put(scope, new First(request.body(), answer));
            }
        }
    }
}
