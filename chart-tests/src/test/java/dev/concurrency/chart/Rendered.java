package dev.concurrency.chart;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The objects of one `helm template` run, each read into the Kubernetes object model's typed class
 * for its apiVersion and kind (fabric8). A kind the chart is not expected to make fails the parse.
 */
record Rendered(List<Document> documents) {

    /** One YAML document: what Helm printed, and the same read into its typed class. */
    record Document(JsonNode raw, HasMetadata object) {
        String id() {
            return object.getKind() + "/" + object.getMetadata().getName();
        }
    }

    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "apps/v1 StatefulSet", StatefulSet.class,
            "v1 Service", Service.class,
            "v1 Secret", Secret.class,
            "v1 ConfigMap", ConfigMap.class,
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            // a custom resource: outside the typed model (its fields are checked by MonitoringTest)
            "monitoring.coreos.com/v1 ServiceMonitor", GenericKubernetesResource.class);

    /** Strict about scalars: "3" is not read as 3 and "true" not as true, as the API server would not either. */
    static final JsonMapper MAPPER = strictMapper();

    private static JsonMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder().build();
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    static Rendered parse(String yaml) {
        List<Document> documents = new ArrayList<>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml);
             MappingIterator<JsonNode> nodes = MAPPER.readValues(parser, JsonNode.class)) {
            while (nodes.hasNext()) {
                JsonNode node = nodes.next();
                if (node == null || node.isNull() || node.isMissingNode() || node.isEmpty()) {
                    continue;
                }
                String key = node.path("apiVersion").asText() + " " + node.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(key);
                if (type == null) {
                    throw new AssertionError("unexpected object " + key + " " + node.path("metadata").path("name").asText());
                }
                documents.add(new Document(node, MAPPER.treeToValue(node, type)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered YAML does not fit the Kubernetes object model: " + e.getMessage(), e);
        }
        return new Rendered(List.copyOf(documents));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return documents.stream().map(Document::object).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + type.getSimpleName() + " " + name));
    }

    Deployment deployment(String part) {
        return one(Deployment.class, Chart.RELEASE + "-" + part);
    }

    StatefulSet statefulSet(String part) {
        return one(StatefulSet.class, Chart.RELEASE + "-" + part);
    }

    /** Every pod template: Deployments' and StatefulSets', by their object's name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    /** Every environment variable taken from a Secret, by "<workload without the release prefix>/<variable>". */
    Map<String, SecretKeySelector> secretEnv() {
        Map<String, SecretKeySelector> refs = new TreeMap<>();
        podTemplates().forEach((workload, template) -> containers(template).forEach(container -> container.getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .forEach(e -> refs.put(workload.substring(Chart.RELEASE.length() + 1) + "/" + e.getName(), e.getValueFrom().getSecretKeyRef()))));
        return refs;
    }

    /** Every container and init container of every pod template. */
    static Stream<Container> containers(PodTemplateSpec template) {
        return Stream.concat(template.getSpec().getInitContainers().stream(), template.getSpec().getContainers().stream());
    }
}
