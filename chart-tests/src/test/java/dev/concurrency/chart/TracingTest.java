package dev.concurrency.chart;

import dev.concurrency.chart.Reachability.Endpoint;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tracing.otlpEndpoint: the one setting that makes the services record and export their spans, and the egress it needs. */
class TracingTest {

    static final String ENDPOINT = "http://otel-collector.monitoring:4317";
    static final String COLLECTOR_IP = "198.51.100.20";
    static final String TRACING = """
            tracing: {otlpEndpoint: %s}
            networkPolicy:
              otlpCollector:
                - to: [{ipBlock: {cidr: %s/32}}]
                  ports: [{protocol: TCP, port: 4317}]
            """.formatted(ENDPOINT, COLLECTOR_IP);

    @Test
    void withAnEndpointEachServiceExportsToItAndOnlyTheServicesReachTheCollector() {
        Rendered rendered = Chart.renderWithValues(TRACING);
        for (String service : NetworkPolicyTest.SERVICES) {
            assertEquals(ENDPOINT, ServicesTest.env(ServicesTest.container(rendered.deployment(service)), "TRACING_OTLP_ENDPOINT"), service);
        }
        Reachability reachability = new Reachability(rendered.all(NetworkPolicy.class));
        Endpoint collector = Endpoint.address("collector", COLLECTOR_IP);
        for (Endpoint pod : NetworkPolicyTest.releasePods(rendered)) {
            boolean service = NetworkPolicyTest.SERVICES.contains(pod.name());
            assertEquals(service, reachability.allowed(pod, collector, "TCP", 4317), pod + " -> collector:4317");
            assertTrue(!reachability.allowed(pod, collector, "TCP", 4318), pod + " -> collector:4318 (not opened)");
        }
    }

    @Test
    void byDefaultNothingIsExportedAndNothingReachesOut() {
        Rendered rendered = Chart.defaults();
        for (String service : NetworkPolicyTest.SERVICES) {
            assertNull(ServicesTest.envVar(ServicesTest.container(rendered.deployment(service)), "TRACING_OTLP_ENDPOINT"), service);
        }
        Reachability reachability = new Reachability(rendered.all(NetworkPolicy.class));
        for (Endpoint pod : NetworkPolicyTest.releasePods(rendered)) {
            assertTrue(!reachability.allowed(pod, Endpoint.address("collector", COLLECTOR_IP), "TCP", 4317), pod.name());
        }
    }

    @Test
    void anEndpointWithoutEgressToItIsRefusedUnlessThereAreNoPolicies() {
        Exception refused = assertThrows(Exception.class, () -> Chart.template(Map.of("tracing.otlpEndpoint", ENDPOINT)));
        assertTrue(refused.getMessage().contains("networkPolicy.otlpCollector is required with tracing.otlpEndpoint"), refused.getMessage());
        assertDoesNotThrow(() -> Chart.template(Map.of("tracing.otlpEndpoint", ENDPOINT, "networkPolicy.enabled", false)));
        assertThrows(Exception.class, () -> Chart.template(Map.of("tracing.otlpEndpoint", "otel-collector:4317")), "not a URL");
    }
}
