package dev.concurrency.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One MySQL per service: a StatefulSet with its own volume claim, its own Secret and its own database and user (passwords: SecretsTest). */
class DatabasesTest {

    static final String PREFIX = Chart.RELEASE + "-";
    static final Map<String, List<String>> DATABASES = Map.of(
            "point", List.of("point_db", "point_svc"),
            "order", List.of("order_db", "order_svc"),
            "auction", List.of("auction_db", "auction_svc"));

    @Test
    void oneStatefulSetWithAVolumeClaimAndASecretPerService() {
        Rendered rendered = Chart.defaults();
        assertEquals(3, rendered.all(StatefulSet.class).size());
        DATABASES.forEach((id, expected) -> {
            StatefulSet db = rendered.statefulSet(id + "-db");
            assertEquals(1, db.getSpec().getReplicas(), id);
            assertEquals(PREFIX + id + "-db-headless", db.getSpec().getServiceName());
            Service governing = rendered.one(Service.class, db.getSpec().getServiceName());
            assertEquals("None", governing.getSpec().getClusterIP(), "the governing Service is headless");

            PersistentVolumeClaim claim = db.getSpec().getVolumeClaimTemplates().get(0);
            assertEquals("data", claim.getMetadata().getName());
            assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
            assertEquals("1Gi", claim.getSpec().getResources().getRequests().get("storage").toString());

            Container mysql = db.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("mysql:8.4", mysql.getImage());
            assertTrue(mysql.getArgs().containsAll(List.of("--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin")),
                    id + ": keys compare byte for byte, as in scripts/infra.sh; args were " + mysql.getArgs());
            assertTrue(mysql.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("data") && m.getMountPath().equals("/var/lib/mysql")));
            assertEquals(expected.get(0), value(mysql, "MYSQL_DATABASE"));
            assertEquals(expected.get(1), value(mysql, "MYSQL_USER"));

            Secret secret = rendered.one(Secret.class, PREFIX + id + "-db");
            assertEquals(Set.of("mysql-root-password", "mysql-password"), secret.getData().keySet());
            for (String variable : List.of("MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD")) {
                EnvVar var = mysql.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst().orElseThrow();
                assertNotNull(var.getValueFrom(), variable + " from the Secret");
                assertEquals(secret.getMetadata().getName(), var.getValueFrom().getSecretKeyRef().getName(), id + " " + variable);
                assertTrue(secret.getData().containsKey(var.getValueFrom().getSecretKeyRef().getKey()));
            }
            assertTrue(mysql.getStartupProbe() != null && mysql.getReadinessProbe() != null && mysql.getLivenessProbe() != null, id);
        });
    }

    @Test
    void anExistingSecretReplacesTheChartsOwn() {
        Rendered rendered = Chart.render(Map.of("orderService.database.existingSecret", "order-db-credentials"));
        assertTrue(rendered.all(Secret.class).stream().noneMatch(s -> s.getMetadata().getName().equals(PREFIX + "order-db")));
        Container mysql = rendered.statefulSet("order-db").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(mysql.getEnv().stream().filter(e -> e.getValueFrom() != null)
                .allMatch(e -> e.getValueFrom().getSecretKeyRef().getName().equals("order-db-credentials")));
        Container service = ServicesTest.container(rendered.deployment("order-service"));
        assertEquals("order-db-credentials", ServicesTest.envVar(service, "QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void storageIsSetPerDatabase() {
        Rendered rendered = Chart.render(Map.of("auctionService.database.storage", "5Gi", "mysql.storageClassName", "fast"));
        PersistentVolumeClaim claim = rendered.statefulSet("auction-db").getSpec().getVolumeClaimTemplates().get(0);
        assertEquals("5Gi", claim.getSpec().getResources().getRequests().get("storage").toString());
        assertEquals("fast", claim.getSpec().getStorageClassName());
        assertEquals("1Gi", rendered.statefulSet("point-db").getSpec().getVolumeClaimTemplates().get(0)
                .getSpec().getResources().getRequests().get("storage").toString());
    }

    private static String value(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().map(EnvVar::getValue).orElse(null);
    }
}
