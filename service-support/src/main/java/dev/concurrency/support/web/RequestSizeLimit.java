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
 * Bodies over 64 KiB are bad input: answered 400 problem+json (CONTRACT §2), not Vert.x's bare 413.
 * A declared Content-Length is checked here, before the body is read; a chunked body is stopped
 * by the JSON parser at the same size ({@link StrictJson}). {@code quarkus.http.limits.max-body-size}
 * stays as the outer bound against floods (Vert.x answers those with a bare 413 itself).
 */
@ApplicationScoped
public class RequestSizeLimit {

    public static final long MAX_BODY_BYTES = 64 * 1024;

    private final ObjectMapper json;

    RequestSizeLimit(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
    }

    private void checkDeclaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length)) {
            tooLarge(ctx);
        } else {
            ctx.next();
        }
    }

    private static boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true; // not a length at all; nothing sensible can follow
        }
    }

    private void tooLarge(RoutingContext ctx) {
        try {
            String body = json.writeValueAsString(Problem.of(CommonProblem.INVALID_REQUEST,
                    "request body larger than " + MAX_BODY_BYTES + " bytes"));
            ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close").end(body);
        } catch (Exception e) {
            ctx.response().setStatusCode(400).end();
        }
    }
}
