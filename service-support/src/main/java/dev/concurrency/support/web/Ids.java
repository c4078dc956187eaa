package dev.concurrency.support.web;

import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;

/** Path ids arrive as text so that "abc" or a 30-digit number is a clear 400, not a routing 404. */
public final class Ids {

    private Ids() {
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
