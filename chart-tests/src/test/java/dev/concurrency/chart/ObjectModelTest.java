package dev.concurrency.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rendered object is a valid object of the Kubernetes API: known kind, known fields, right types, valid names. */
class ObjectModelTest {

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /** Everything the chart can switch on at once, so optional parts are checked too. */
    static final String ALL_OPTIONS = """
            image: {registry: localhost, tag: 1.0.0-SNAPSHOT-abc1234}
            pointService:
              javaOptions: "-Xlog:gc"
              extraEnv:
                - {name: DISTRIBUTED_LOCK_WAIT_TIMEOUT, value: 60s}
                - name: FROM_A_SECRET
                  valueFrom: {secretKeyRef: {name: some-secret, key: some-key}}
              database: {existingSecret: point-db-credentials}
            mysql: {storageClassName: standard}
            redis: {existingSecret: redis-credentials}
            gateway: {service: {type: ClusterIP}}
            metrics: {serviceMonitor: {enabled: true, interval: 30s, labels: {release: kube-prometheus-stack}}}
            networkPolicy:
              probeSources: [172.18.0.0/16, "fc00:f853:ccd:e793::/64"]
              metricsScrapers:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
                  podSelector: {matchLabels: {app: prometheus}}
            """;

    @Test
    void theDefaultRenderingFitsTheObjectModel() {
        assertFitsTheObjectModel(Chart.defaults());
    }

    @Test
    void everyOptionalPartFitsTheObjectModel() {
        assertFitsTheObjectModel(Chart.renderWithValues(ALL_OPTIONS));
    }

    @Test
    void theJwksUrlModeFitsTheObjectModel() {
        assertFitsTheObjectModel(Chart.renderWithValues(AuthTest.JWKS_MODE));
    }

    @Test
    void theChartMakesWhatItShould() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        Chart.defaults().documents().forEach(d -> counts.merge(d.object().getKind(), 1L, Long::sum));
        // the gateway's configuration and the Grafana dashboard; 3 services + gateway + redis; 3 MySQL; 3 service + 6 database + gateway + redis Services; 3 DB + 1 Redis Secrets;
        // 4 PDBs; default deny + DNS + 3 services + 3 databases + redis + gateway policies
        assertEquals(Map.of("ConfigMap", 2L, "Deployment", 5L, "NetworkPolicy", 10L, "PodDisruptionBudget", 4L,
                "Secret", 4L, "Service", 11L, "StatefulSet", 3L), counts);
    }

    @Test
    void aMisspeltFieldIsCaught() {
        Rendered rendered = Rendered.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: x}
                spec:
                  selector: {app: x}
                  ports: [{port: 80, targetPrt: 8080}]
                """);
        List<String> unknown = ObjectModel.unknownFields(rendered.documents().get(0).object(), "Service/x");
        assertEquals(List.of("Service/x.spec.ports[0]: [targetPrt]"), unknown);
    }

    @Test
    void aWrongTypeIsCaught() {
        assertThrows(RuntimeException.class, () -> Rendered.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {replicas: "3"}
                """));
    }

    /** Every field of {@code printed} is in {@code written} with the same value (written may add defaults, e.g. a kind). */
    static void lost(JsonNode printed, JsonNode written, String path, List<String> problems) {
        if (printed.isObject()) {
            printed.properties().forEach(field -> {
                JsonNode counterpart = written.get(field.getKey());
                if (counterpart == null) {
                    problems.add(path + "." + field.getKey() + ": dropped by the object model");
                } else {
                    lost(field.getValue(), counterpart, path + "." + field.getKey(), problems);
                }
            });
        } else if (printed.isArray()) {
            if (!written.isArray() || written.size() != printed.size()) {
                problems.add(path + ": " + printed + " became " + written);
                return;
            }
            for (int i = 0; i < printed.size(); i++) {
                lost(printed.get(i), written.get(i), path + "[" + i + "]", problems);
            }
        } else if (printed.isNumber() && written.isNumber()) {
            if (printed.decimalValue().compareTo(written.decimalValue()) != 0) {
                problems.add(path + ": " + printed + " became " + written);
            }
        } else if (!printed.equals(written)) {
            problems.add(path + ": " + printed + " became " + written);
        }
    }

    static void assertFitsTheObjectModel(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Rendered.Document document : rendered.documents()) {
            HasMetadata object = document.object();
            String id = document.id();
            if (!(object instanceof GenericKubernetesResource)) { // custom resources: not in the typed model
                problems.addAll(ObjectModel.unknownFields(object, id));
            }
            // nothing the typed model dropped or changed: what it writes back holds everything Helm printed
            JsonNode written = Rendered.MAPPER.valueToTree(object);
            lost(document.raw(), written, id, problems);
            if (!ids.add(id)) {
                problems.add(id + ": twice");
            }
            String name = object.getMetadata().getName();
            if (name == null || name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
                problems.add(id + ": not a DNS label");
            }
            if (object.getMetadata().getLabels() == null || !"concurrency-commerce".equals(object.getMetadata().getLabels().get("app.kubernetes.io/instance"))) {
                problems.add(id + ": no app.kubernetes.io/instance label");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
