package dev.concurrency.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** k8s/kind-cluster.yaml and k8s/kind-values.yaml, the cluster and the values of `make kind-up`. */
class KindClusterTest {

    static final Path K8S = Chart.MANIFESTS.getParent();

    @Test
    void oneControlPlaneAndThreeWorkersWithTheEntryPointOnHostPort8080() throws IOException {
        JsonNode cluster = new YAMLMapper().readTree(K8S.resolve("kind-cluster.yaml").toFile());
        assertEquals("kind.x-k8s.io/v1alpha4", cluster.get("apiVersion").asText());
        List<String> roles = new ArrayList<>();
        List<JsonNode> mappings = new ArrayList<>();
        for (JsonNode node : cluster.get("nodes")) {
            roles.add(node.get("role").asText());
            if (node.has("extraPortMappings")) {
                assertEquals("true", node.path("labels").path("concurrency-commerce/entry-point").asText(), "the mapped node is labelled");
                node.get("extraPortMappings").forEach(mappings::add);
            }
        }
        assertEquals(List.of("control-plane", "worker", "worker", "worker"), roles);
        assertEquals(1, mappings.size());
        JsonNode mapping = mappings.get(0);
        assertEquals(8080, mapping.get("hostPort").asInt());
        assertEquals("127.0.0.1", mapping.get("listenAddress").asText(), "only this machine reaches it");
        Service gateway = Chart.defaults().one(Service.class, Chart.RELEASE + "-gateway");
        assertEquals(gateway.getSpec().getPorts().get(0).getNodePort(), mapping.get("containerPort").asInt(),
                "the mapped node port is the gateway's");
    }

    @Test
    void theKindValuesFitTheSchemaAndGiveTheSuitesSettings() throws IOException {
        Rendered rendered = Chart.renderWithValues(Files.readString(K8S.resolve("kind-values.yaml")));
        ObjectModelTest.assertFitsTheObjectModel(rendered);
        for (String service : List.of("point-service", "order-service", "auction-service")) {
            assertEquals("60s", ServicesTest.env(ServicesTest.container(rendered.deployment(service)), "DISTRIBUTED_LOCK_WAIT_TIMEOUT"), service);
        }
        assertEquals("3s", ServicesTest.env(ServicesTest.container(rendered.deployment("order-service")), "ORDERS_RECOVERY_GRACE"));
        assertEquals("10s", ServicesTest.env(ServicesTest.container(rendered.deployment("auction-service")), "AUCTIONS_STALE_BID_AFTER"));
    }
}
