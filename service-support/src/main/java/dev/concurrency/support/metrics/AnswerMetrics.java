package dev.concurrency.support.metrics;

import dev.concurrency.support.problem.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.Meter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.time.Duration;

/**
 * What the answers say, beyond their HTTP status: every problem answered is counted by its stable
 * code ({@code http_problems_total{code,status}}: 409s by reason, 503s by cause), and request
 * latencies are published as a histogram, so that a dashboard can show percentiles summed over
 * replicas (a replica's own percentiles cannot be added up).
 */
@Singleton
public class AnswerMetrics {

    private final MeterRegistry registry;

    AnswerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @ServerResponseFilter
    public void countProblem(ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem) {
            registry.counter("http.problems", "code", problem.getCode(), "status", Integer.toString(problem.getStatus()))
                    .increment();
        }
    }

    /** Buckets for {@code http_server_requests_seconds}, from 1 ms to a minute. */
    @Produces
    @Singleton
    MeterFilter requestLatencyHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(60).toNanos())
                        .build().merge(config);
            }
        };
    }
}
