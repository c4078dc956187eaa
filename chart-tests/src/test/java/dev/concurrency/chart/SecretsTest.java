package dev.concurrency.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart makes up no password of its own: the databases' and Redis' passwords are random per
 * install and kept across upgrades (read back with lookup, here from the StandInCluster), or come
 * from Secrets the user made.
 */
class SecretsTest {

    static final String PREFIX = Chart.RELEASE + "-";
    static final Map<String, Set<String>> CHART_SECRETS = Map.of(
            PREFIX + "point-db", Set.of("mysql-password", "mysql-root-password"),
            PREFIX + "order-db", Set.of("mysql-password", "mysql-root-password"),
            PREFIX + "auction-db", Set.of("mysql-password", "mysql-root-password"),
            PREFIX + "redis", Set.of("redis-password"));
    static final String ALL_EXISTING = """
            pointService: {database: {existingSecret: point-credentials}}
            orderService: {database: {existingSecret: order-credentials}}
            auctionService: {database: {existingSecret: auction-credentials}}
            redis: {existingSecret: redis-credentials}
            """;

    @Test
    void everyPasswordIsRandomAndNoTwoRendersShareOne() {
        Map<String, String> first = passwords(Chart.render(Map.of()));
        Map<String, String> second = passwords(Chart.render(Map.of()));
        assertEquals(CHART_SECRETS.entrySet().stream().flatMap(e -> e.getValue().stream().map(k -> e.getKey() + "/" + k))
                .collect(Collectors.toSet()), first.keySet(), "the Secrets and keys the chart makes");
        first.forEach((key, password) -> {
            assertTrue(password.matches("[A-Za-z0-9]{32}"), key + ": 32 random letters and digits, not " + password);
            assertNotEquals(password, second.get(key), key + " is the same in two installs");
        });
        assertEquals(first.size(), Set.copyOf(first.values()).size(), "two keys got the same password");
    }

    /** An upgrade renders against the cluster: the passwords of the Secrets the first install made stay as they are. */
    @Test
    void anUpgradeKeepsThePasswordsTheInstallMade() {
        Map<String, String> installed = passwords(Chart.render(Map.of()));
        try {
            for (String name : List.of(PREFIX + "point-db", PREFIX + "redis")) {
                Map<String, String> data = new TreeMap<>();
                CHART_SECRETS.get(name).forEach(key -> data.put(key, encode(installed.get(name + "/" + key))));
                Chart.CLUSTER.putSecret(Chart.NAMESPACE, name, data);
            }
            Map<String, String> upgraded = passwords(Chart.render(Map.of()));
            installed.forEach((key, password) -> {
                boolean kept = key.startsWith(PREFIX + "point-db/") || key.startsWith(PREFIX + "redis/");
                assertEquals(kept, password.equals(upgraded.get(key)), key + (kept ? " changed on upgrade" : " was not made anew"));
            });
        } finally {
            Chart.CLUSTER.clear();
        }
    }

    @Test
    void existingSecretsMakeTheChartRenderNone() {
        Rendered rendered = Chart.renderWithValues(ALL_EXISTING);
        assertEquals(List.of(), rendered.all(Secret.class));
        Map<String, String> referenced = new TreeMap<>();
        rendered.secretEnv().forEach((variable, ref) -> referenced.put(variable, ref.getName()));
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("point-db/MYSQL_ROOT_PASSWORD", "point-credentials"), Map.entry("point-db/MYSQL_PASSWORD", "point-credentials"),
                Map.entry("order-db/MYSQL_ROOT_PASSWORD", "order-credentials"), Map.entry("order-db/MYSQL_PASSWORD", "order-credentials"),
                Map.entry("auction-db/MYSQL_ROOT_PASSWORD", "auction-credentials"), Map.entry("auction-db/MYSQL_PASSWORD", "auction-credentials"),
                Map.entry("point-service/QUARKUS_DATASOURCE_PASSWORD", "point-credentials"),
                Map.entry("order-service/QUARKUS_DATASOURCE_PASSWORD", "order-credentials"),
                Map.entry("auction-service/QUARKUS_DATASOURCE_PASSWORD", "auction-credentials"),
                Map.entry("point-service/QUARKUS_REDIS_PASSWORD", "redis-credentials"),
                Map.entry("order-service/QUARKUS_REDIS_PASSWORD", "redis-credentials"),
                Map.entry("auction-service/QUARKUS_REDIS_PASSWORD", "redis-credentials"),
                Map.entry("redis/REDISCLI_AUTH", "redis-credentials"))), referenced);
    }

    /** MySQL keeps the passwords it initialised its volume with, and the volume claim outlives `helm uninstall`: so do they. */
    @Test
    void theDatabasePasswordsOutliveAnUninstallLikeTheirVolumes() {
        Rendered rendered = Chart.defaults();
        for (String id : List.of("point", "order", "auction")) {
            Secret secret = rendered.one(Secret.class, PREFIX + id + "-db");
            assertEquals("keep", secret.getMetadata().getAnnotations().get("helm.sh/resource-policy"), id);
        }
        assertNull(rendered.one(Secret.class, PREFIX + "redis").getMetadata().getAnnotations().get("helm.sh/resource-policy"),
                "Redis keeps nothing across a restart, so its Secret goes with the release");
    }

    @Test
    void redisRequiresThePasswordTheServicesAreGiven() {
        Map<String, Rendered> bySecret = Map.of(PREFIX + "redis", Chart.defaults(),
                "redis-credentials", Chart.render(Map.of("redis.existingSecret", "redis-credentials")));
        bySecret.forEach((secretName, rendered) -> {
            Container redis = rendered.deployment("redis").getSpec().getTemplate().getSpec().getContainers().get(0);
            SecretKeySelector password = secretRef(redis, "REDISCLI_AUTH");
            assertEquals(new SecretKeySelector("redis-password", secretName, null), password);
            List<String> args = redis.getArgs();
            int requirepass = args.indexOf("--requirepass");
            assertTrue(requirepass >= 0, "redis-server runs without --requirepass: " + args);
            assertEquals("$(REDISCLI_AUTH)", args.get(requirepass + 1), "the password from the Secret, expanded by the kubelet");
            for (ServicesTest.Svc svc : ServicesTest.SERVICES) {
                assertEquals(password, secretRef(ServicesTest.container(rendered.deployment(svc.name())), "QUARKUS_REDIS_PASSWORD"), svc.name());
            }
            // the probes are redis-cli inside the container: it reads REDISCLI_AUTH, and PONG only comes with the right password
            for (Probe probe : List.of(redis.getReadinessProbe(), redis.getLivenessProbe())) {
                String command = String.join(" ", probe.getExec().getCommand());
                assertTrue(command.contains("redis-cli ping") && command.contains("grep -qx PONG"), command);
            }
        });
    }

    static SecretKeySelector secretRef(Container container, String variable) {
        EnvVar env = ServicesTest.envVar(container, variable);
        assertNotNull(env, container.getName() + " has no " + variable);
        assertNull(env.getValue(), variable + " from a Secret, not the pod spec");
        return env.getValueFrom().getSecretKeyRef();
    }

    static String encode(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Secret/key to the decoded value, for every Secret of a render. */
    static Map<String, String> passwords(Rendered rendered) {
        Map<String, String> passwords = new TreeMap<>();
        for (Secret secret : rendered.all(Secret.class)) {
            secret.getData().forEach((key, value) ->
                    passwords.put(secret.getMetadata().getName() + "/" + key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        return passwords;
    }
}
