package dev.concurrency.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Limits checked before any endpoint runs, each answered 400 problem+json (docs/api.md#common-rules):
 * <ul>
 *   <li>Bodies over 64 KiB, not Vert.x's bare 413. A declared Content-Length is checked here, before
 *       the body is read; a chunked body is stopped by the JSON parser at the same size
 *       ({@link StrictJson}). {@code quarkus.http.limits.max-body-size} stays as the outer bound
 *       against floods (Vert.x answers those with a bare 413 itself).</li>
 *   <li>Path segments (ids) over 100 characters: no id is that long, and a path that long would
 *       not fit where the Idempotency-Key's scope is stored.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestLimits {

    public static final long MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_PATH_SEGMENT = 100;

    private final ObjectMapper json;

    RequestLimits(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length)) {
            refuse(ctx, "request body larger than " + MAX_BODY_BYTES + " bytes");
        } else if (hasLongSegment(ctx.request().path())) {
            refuse(ctx, "a path segment is longer than " + MAX_PATH_SEGMENT + " characters");
        } else {
            ctx.next();
        }
    }

    private static boolean hasLongSegment(String path) {
        if (path == null || path.length() <= MAX_PATH_SEGMENT) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (i - start > MAX_PATH_SEGMENT) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true; // not a length at all; nothing sensible can follow
        }
    }

    private void refuse(RoutingContext ctx, String detail) {
        try {
            String body = json.writeValueAsString(Problem.of(CommonProblem.INVALID_REQUEST, detail));
            ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close").end(body);
        } catch (Exception e) {
            ctx.response().setStatusCode(400).end();
        }
    }
}
