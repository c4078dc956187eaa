package dev.concurrency.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the chart gives Prometheus and Grafana: scrape annotations, the dashboard's ConfigMap, a ServiceMonitor behind a value. */
class MonitoringTest {

    static final Set<String> SERVICES = Set.of("point-service", "order-service", "auction-service");

    @Test
    void theServicesPodsCarryScrapeAnnotationsForTheirOwnPortAndMetricsPath() {
        Rendered rendered = Chart.defaults();
        for (String service : SERVICES) {
            PodTemplateSpec template = rendered.deployment(service).getSpec().getTemplate();
            Container container = template.getSpec().getContainers().get(0);
            Map<String, String> annotations = template.getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"), service);
            assertEquals(String.valueOf(container.getPorts().get(0).getContainerPort()), annotations.get("prometheus.io/port"), service);
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"), service);
        }
        Rendered without = Chart.renderWithValues("metrics: {scrapeAnnotations: false}\n");
        for (String service : SERVICES) {
            Map<String, String> annotations = without.deployment(service).getSpec().getTemplate().getMetadata().getAnnotations();
            assertTrue(annotations == null || !annotations.containsKey("prometheus.io/scrape"), service);
        }
    }

    @Test
    void theDashboardShipsAsAConfigMapForGrafanasSidecarAndEveryPanelHasAQuery() throws IOException {
        ConfigMap map = Chart.defaults().one(ConfigMap.class, Chart.RELEASE + "-dashboard");
        assertEquals("1", map.getMetadata().getLabels().get("grafana_dashboard"));
        JsonNode shipped = Rendered.MAPPER.readTree(map.getData().get("concurrency-commerce.json"));
        JsonNode inRepo = Rendered.MAPPER.readTree(Files.readString(Chart.DIR.resolve("dashboards/concurrency-commerce.json")));
        assertEquals(inRepo, shipped, "the ConfigMap holds the repository's dashboard as it is");
        List<String> empty = new ArrayList<>();
        int queries = 0;
        for (JsonNode panel : shipped.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            if (panel.path("targets").isEmpty()) {
                empty.add(panel.path("title").asText());
            }
            for (JsonNode target : panel.path("targets")) {
                assertFalse(target.path("expr").asText().isBlank(), panel.path("title").asText());
                queries++;
            }
        }
        assertEquals(List.of(), empty, "panels without a query");
        assertTrue(queries >= 15, queries + " queries");
    }

    @Test
    void theServiceMonitorIsMadeOnlyWhenAskedAndSelectsExactlyTheThreeServicesHttpPorts() {
        assertTrue(Chart.defaults().all(GenericKubernetesResource.class).isEmpty(), "no ServiceMonitor by default");

        Rendered rendered = Chart.renderWithValues(
                "metrics: {serviceMonitor: {enabled: true, interval: 30s, labels: {release: kube-prometheus-stack}}}\n");
        GenericKubernetesResource monitor = rendered.all(GenericKubernetesResource.class).get(0);
        assertEquals("ServiceMonitor", monitor.getKind());
        assertEquals("kube-prometheus-stack", monitor.getMetadata().getLabels().get("release"));
        JsonNode spec = Rendered.MAPPER.valueToTree(monitor.getAdditionalProperties().get("spec"));
        assertEquals("app.kubernetes.io/name", spec.path("jobLabel").asText(), "the job label is the service's name");
        JsonNode endpoint = spec.path("endpoints").get(0);
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("30s", endpoint.path("interval").asText());

        Set<String> selected = rendered.all(Service.class).stream().filter(service -> selects(spec.path("selector"), service.getMetadata().getLabels()))
                .map(service -> service.getMetadata().getLabels().get("app.kubernetes.io/name")).collect(Collectors.toSet());
        assertEquals(SERVICES, selected, "the Services the ServiceMonitor selects");
        for (Service service : rendered.all(Service.class)) {
            if (selects(spec.path("selector"), service.getMetadata().getLabels())) {
                assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(endpoint.path("port").asText())),
                        service.getMetadata().getName() + " has no port " + endpoint.path("port"));
            }
        }
    }

    /** A label selector (matchLabels and In expressions) against a Service's labels. */
    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        for (Map.Entry<String, JsonNode> required : selector.path("matchLabels").properties()) {
            if (!required.getValue().asText().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            assertEquals("In", expression.path("operator").asText());
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            if (!values.contains(labels.get(expression.path("key").asText()))) {
                return false;
            }
        }
        return true;
    }
}
