package dev.concurrency.support.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * A trace kept with work that outlives its request (an order's saga): stored as a W3C
 * {@code traceparent}, so that whichever replica resumes the work later (the recovery worker)
 * continues the request's trace instead of starting one of its own.
 */
public final class StoredTrace {

    /** The length of a W3C traceparent of version 00, the column's width. */
    public static final int LENGTH = 55;

    private static final TextMapGetter<String> ONE_HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    private StoredTrace() {
    }

    /** The current span as a traceparent, or null where there is no valid span. */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** The context to resume stored work in: the stored span as its parent, or none if nothing (valid) was stored. */
    public static Context parent(String traceParent) {
        if (traceParent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, ONE_HEADER);
    }
}
