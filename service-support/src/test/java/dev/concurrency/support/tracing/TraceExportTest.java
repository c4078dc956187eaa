package dev.concurrency.support.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TraceExportTest {

    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    @Test
    void withoutAnEndpointNothingIsRecordedSoNothingIsExported() {
        Sampler sampler = new TraceExport().sampler(Optional.empty());
        assertEquals(SamplingDecision.DROP, decide(sampler, Context.root(), SpanKind.SERVER, "/orders"));
        assertEquals(SamplingDecision.DROP, decide(sampler, sampledParent(), SpanKind.SERVER, "/payments"),
                "even a caller's sampled trace: there is nowhere to send it");
    }

    @Test
    void withAnEndpointEveryApplicationRequestIsRecordedButNotTheHealthProbesAndScrapes() {
        Sampler sampler = new TraceExport().sampler(Optional.of("http://collector:4317"));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, Context.root(), SpanKind.SERVER, "/orders"));
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(sampler, sampledParent(), SpanKind.INTERNAL, null));
        assertEquals(SamplingDecision.DROP, decide(sampler, Context.root(), SpanKind.SERVER, "/q/health/ready"));
        assertEquals(SamplingDecision.DROP, decide(sampler, Context.root(), SpanKind.SERVER, "/q/metrics"));
    }

    @Test
    void aStoredTraceParentIsResumedAsTheParentOfLaterWork() {
        Context parent = StoredTrace.parent("00-" + TRACE + "-b7ad6b7169203331-01");
        SpanContext resumed = Span.fromContext(parent).getSpanContext();
        assertEquals(TRACE, resumed.getTraceId());
        assertEquals("b7ad6b7169203331", resumed.getSpanId());
        assertEquals(Context.root(), StoredTrace.parent(null));
        assertEquals(false, Span.fromContext(StoredTrace.parent("not a traceparent")).getSpanContext().isValid());
    }

    private static SamplingDecision decide(Sampler sampler, Context parent, SpanKind kind, String path) {
        Attributes attributes = path == null ? Attributes.empty() : Attributes.builder().put("url.path", path).build();
        return sampler.shouldSample(parent, TRACE, "span", kind, attributes, List.of()).getDecision();
    }

    private static Context sampledParent() {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault())));
    }
}
