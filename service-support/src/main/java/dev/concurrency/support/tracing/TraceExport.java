package dev.concurrency.support.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * Traces are made everywhere and exported only where a collector is named (docs/observability.md#traces).
 *
 * <p>Every request has a trace id, taken from the caller's {@code traceparent} header or new; every
 * log line carries it and every call to another service passes it on. Spans are recorded, and sent
 * to the OTLP collector, only when {@code tracing.otlp-endpoint} is set: that one property switches
 * the export on. Without it the sampler records nothing, so nothing is exported and nothing tries
 * to connect to a collector that is not there.
 */
@Singleton
public class TraceExport {

    /** The property that names the OTLP collector and so switches recording and export on. */
    public static final String ENDPOINT = "tracing.otlp-endpoint";

    @Produces
    @Singleton
    Sampler sampler(@ConfigProperty(name = ENDPOINT) Optional<String> endpoint) {
        return endpoint.filter(url -> !url.isBlank()).isPresent()
                ? new ApplicationRequests(Sampler.parentBased(Sampler.alwaysOn()))
                : Sampler.alwaysOff();
    }

    /**
     * Samples as the delegate does, except the requests to {@code /q/*} (health probes, metric
     * scrapes), which are many and say nothing about the API: Quarkus's own sampler leaves them out
     * too, but a sampler bean replaces it.
     */
    record ApplicationRequests(Sampler delegate) implements Sampler {

        private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
        private static final AttributeKey<String> HTTP_TARGET = AttributeKey.stringKey("http.target");

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                Attributes attributes, List<LinkData> parentLinks) {
            String path = Optional.ofNullable(attributes.get(URL_PATH)).orElse(attributes.get(HTTP_TARGET));
            if (spanKind == SpanKind.SERVER && path != null && path.startsWith("/q/")) {
                return SamplingResult.drop();
            }
            return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }

        @Override
        public String getDescription() {
            return "ApplicationRequests{" + delegate.getDescription() + "}";
        }
    }
}
