package dev.concurrency.support.web;

import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;

/** Path ids arrive as text so that "abc" or a 30-digit number is a clear 400, not a routing 404. */
public final class Ids {

    /**
     * Ids the caller chooses (payment and hold ids): 1 to 100 visible ASCII characters, no spaces.
     * Kept exactly as given: no trimming, and no two different strings that a database could take
     * for the same key (MariaDB's collations ignore trailing spaces).
     */
    public static final String CHOSEN_ID = "[\\x21-\\x7E]{1,100}";
    private static final java.util.regex.Pattern CHOSEN = java.util.regex.Pattern.compile(CHOSEN_ID);
    /** Text that can be stored as given: no unpaired surrogate (utf8mb4 would store '?' in its place). */
    public static final String STORABLE_TEXT = "[^\\p{Cs}]*";

    private Ids() {
    }

    /** A caller-chosen id from a path: 400 unless it is {@link #CHOSEN_ID}. */
    public static String chosen(String raw, String what) {
        if (raw == null || !CHOSEN.matcher(raw).matches()) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, what + " must be 1 to 100 visible ASCII characters, got '" + abbreviate(raw) + "'");
        }
        return raw;
    }

    public static long parse(String raw, String what) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, what + " must be a 64-bit integer, got '" + abbreviate(raw) + "'");
        }
    }

    private static String abbreviate(String raw) {
        return raw == null ? "" : raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }
}
