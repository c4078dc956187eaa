package dev.concurrency.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three services: replicas, probes, and each one wired to its own database, the shared Redis and point-service. */
class ServicesTest {

    static final String PREFIX = Chart.RELEASE + "-";

    /** service name, port, values section, strategy variable */
    record Svc(String name, int port, String values, String strategyEnv, boolean callsPoints) {
        String id() {
            return name.substring(0, name.indexOf('-'));
        }
    }

    static final List<Svc> SERVICES = List.of(
            new Svc("point-service", 8081, "pointService", "POINTS_CONCURRENCY_CONTROL", false),
            new Svc("order-service", 8082, "orderService", "ORDERS_CONCURRENCY_CONTROL", true),
            new Svc("auction-service", 8083, "auctionService", "AUCTIONS_CONCURRENCY_CONTROL", true));

    @Test
    void threeReplicasOfEachByDefault() {
        for (Svc svc : SERVICES) {
            assertEquals(3, Chart.defaults().deployment(svc.name()).getSpec().getReplicas(), svc.name());
        }
    }

    @Test
    void aValueChangesTheReplicasOfOneServiceOnly() {
        Rendered rendered = Chart.render(Map.of("pointService.replicas", 5));
        assertEquals(5, rendered.deployment("point-service").getSpec().getReplicas());
        assertEquals(3, rendered.deployment("order-service").getSpec().getReplicas());
        assertEquals(3, rendered.deployment("auction-service").getSpec().getReplicas());
    }

    @Test
    void probesUseTheQuarkusHealthEndpointsOnTheServicePort() {
        for (Svc svc : SERVICES) {
            Container container = container(Chart.defaults().deployment(svc.name()));
            assertEquals(svc.port(), container.getPorts().get(0).getContainerPort(), svc.name());
            assertEquals("http", container.getPorts().get(0).getName());
            assertHttpProbe(container.getReadinessProbe(), "/q/health/ready", svc);
            assertHttpProbe(container.getLivenessProbe(), "/q/health/live", svc);
            assertHttpProbe(container.getStartupProbe(), "/q/health/started", svc);
            // migrations may take a while: the startup probe allows minutes, not seconds
            Probe startup = container.getStartupProbe();
            assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 120, svc.name() + " startup window");
            assertEquals(String.valueOf(svc.port()), env(container, "QUARKUS_HTTP_PORT"));
        }
    }

    @Test
    void eachServiceUsesItsOwnDatabaseOnly() {
        Rendered rendered = Chart.defaults();
        for (Svc svc : SERVICES) {
            Container container = container(rendered.deployment(svc.name()));
            Matcher jdbc = Pattern.compile("jdbc:mysql://([^:/]+):(\\d+)/(\\w+)").matcher(env(container, "QUARKUS_DATASOURCE_JDBC_URL"));
            assertTrue(jdbc.matches(), svc.name() + " JDBC URL");
            // the host is a Service that selects the service's own MySQL pods, and no other database's
            StatefulSet own = rendered.statefulSet(svc.id() + "-db");
            assertEquals(List.of(own.getMetadata().getName()), workloadsBehind(rendered, jdbc.group(1), Integer.parseInt(jdbc.group(2))),
                    svc.name() + " connects to " + jdbc.group(1));
            Container mysql = own.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(env(mysql, "MYSQL_DATABASE"), jdbc.group(3), svc.name() + " database name");
            assertEquals(env(mysql, "MYSQL_USER"), env(container, "QUARKUS_DATASOURCE_USERNAME"), svc.name() + " user");
            EnvVar servicePassword = envVar(container, "QUARKUS_DATASOURCE_PASSWORD");
            EnvVar mysqlPassword = envVar(mysql, "MYSQL_PASSWORD");
            assertNull(servicePassword.getValue(), "the password comes from the Secret, not the pod spec");
            assertEquals(mysqlPassword.getValueFrom().getSecretKeyRef(), servicePassword.getValueFrom().getSecretKeyRef(), svc.name() + " password");
            assertEquals(PREFIX + svc.id() + "-db", servicePassword.getValueFrom().getSecretKeyRef().getName());
        }
    }

    @Test
    void allThreeShareOneRedis() {
        Rendered rendered = Chart.defaults();
        for (Svc svc : SERVICES) {
            Matcher redis = Pattern.compile("redis://([^:/]+):(\\d+)").matcher(env(container(rendered.deployment(svc.name())), "QUARKUS_REDIS_HOSTS"));
            assertTrue(redis.matches(), svc.name());
            assertEquals(List.of(PREFIX + "redis"), workloadsBehind(rendered, redis.group(1), Integer.parseInt(redis.group(2))));
        }
        Deployment redis = rendered.deployment("redis");
        assertEquals(1, redis.getSpec().getReplicas());
        assertEquals("Recreate", redis.getSpec().getStrategy().getType(), "never two lock servers at once");
        assertTrue(redis.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().containsAll(List.of("--maxmemory-policy", "noeviction")));
    }

    @Test
    void orderAndAuctionFindPointServiceThroughItsKubernetesService() {
        Rendered rendered = Chart.defaults();
        for (Svc svc : SERVICES) {
            Container container = container(rendered.deployment(svc.name()));
            String addresses = env(container, "QUARKUS_STORK_POINT_SERVICE_SERVICE_DISCOVERY_ADDRESS_LIST");
            if (!svc.callsPoints()) {
                assertNull(addresses, svc.name());
                continue;
            }
            assertEquals(PREFIX + "point-service:8081", addresses, svc.name());
            String[] hostPort = addresses.split(":");
            assertEquals(List.of(PREFIX + "point-service"), workloadsBehind(rendered, hostPort[0], Integer.parseInt(hostPort[1])));
        }
    }

    /** The defaults decided in docs/concurrency-analysis.md, the same as the services' own. */
    @Test
    void theStrategiesAreTheDecidedDefaults() {
        Map<String, String> decided = Map.of("point-service", "FENCED_LOCK", "order-service", "FENCED_LOCK",
                "auction-service", "FENCED_LOCK");
        for (Svc svc : SERVICES) {
            assertEquals(decided.get(svc.name()), env(container(Chart.defaults().deployment(svc.name())), svc.strategyEnv()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "PESSIMISTIC_LOCK", "OPTIMISTIC_RETRY", "CONDITIONAL_UPDATE", "REDIS_LOCK", "FENCED_LOCK"})
    void everyStrategyCanBeChosenPerService(String strategy) {
        Rendered rendered = Chart.render(Map.of("orderService.concurrencyControl", strategy));
        assertEquals(strategy, env(container(rendered.deployment("order-service")), "ORDERS_CONCURRENCY_CONTROL"));
        assertEquals("FENCED_LOCK", env(container(rendered.deployment("point-service")), "POINTS_CONCURRENCY_CONTROL"));
    }

    @Test
    void extraEnvAndJavaOptionsComeLast() {
        Rendered rendered = Chart.renderWithValues("""
                auctionService:
                  javaOptions: "-Xlog:gc"
                  extraEnv:
                    - {name: AUCTIONS_STALE_BID_AFTER, value: 10s}
                    - {name: AUCTIONS_CONCURRENCY_CONTROL, value: REDIS_LOCK}
                """);
        List<EnvVar> env = container(rendered.deployment("auction-service")).getEnv();
        assertEquals("AUCTIONS_CONCURRENCY_CONTROL", env.get(env.size() - 1).getName(), "extraEnv last, so it wins");
        assertEquals("AUCTIONS_STALE_BID_AFTER", env.get(env.size() - 2).getName());
        assertEquals("-Xlog:gc", env(container(rendered.deployment("auction-service")), "JAVA_OPTS_APPEND"));
        assertNull(env(container(rendered.deployment("point-service")), "AUCTIONS_STALE_BID_AFTER"));
    }

    @Test
    void theGatewayRoutesEachPublicPathToItsService() {
        Rendered rendered = Chart.defaults();
        String config = gatewayConfig(rendered);
        Map<String, String> upstreams = new LinkedHashMap<>();
        Matcher upstream = Pattern.compile("upstream (\\w+) \\{\\s*server ([^;]+);").matcher(config);
        while (upstream.find()) {
            upstreams.put(upstream.group(1), upstream.group(2));
        }
        Map<String, String> routes = new LinkedHashMap<>();
        Matcher location = Pattern.compile("location ~ \\^/\\(([\\w|]+)\\)\\(/\\|\\$\\) \\{\\s*proxy_pass http://(\\w+);").matcher(config);
        while (location.find()) {
            String[] hostPort = upstreams.get(location.group(2)).split(":");
            List<String> behind = workloadsBehind(rendered, hostPort[0], Integer.parseInt(hostPort[1]));
            assertEquals(1, behind.size(), location.group(0));
            for (String path : location.group(1).split("\\|")) {
                routes.put(path, behind.get(0).substring(PREFIX.length()));
            }
        }
        assertEquals(Map.of("members", "point-service", "products", "order-service", "orders", "order-service",
                "auctions", "auction-service"), routes);
        assertTrue(config.contains("listen 8080;"));
        assertTrue(config.contains("proxy_next_upstream error timeout;") && !Pattern.compile("proxy_next_upstream[^;]*non_idempotent").matcher(config).find(),
                "a request that may have taken effect is never replayed");
    }

    /** /payments and /holds are for order-service's and auction-service's service tokens only: no location proxies them. */
    @Test
    void theGatewayDoesNotExposePaymentsOrHolds() {
        String config = gatewayConfig(Chart.defaults());
        // every location that proxies, with nginx's matching: = exact, ~ and ~* regular expressions, else a prefix
        List<Predicate<String>> proxied = new ArrayList<>();
        Matcher location = Pattern.compile("location\\s+(=|~\\*?|\\^~)?\\s*(\\S+)\\s*\\{[^}]*proxy_pass").matcher(config);
        while (location.find()) {
            String modifier = Objects.requireNonNullElse(location.group(1), "");
            String pattern = location.group(2);
            proxied.add(switch (modifier) {
                case "=" -> pattern::equals;
                case "~" -> Pattern.compile(pattern).asPredicate();
                case "~*" -> Pattern.compile(pattern, Pattern.CASE_INSENSITIVE).asPredicate();
                default -> path -> path.startsWith(pattern);
            });
        }
        for (String path : List.of("/payments", "/payments/", "/payments/pay-1", "/payments/pay-1/refund",
                "/holds", "/holds/", "/holds/bid-7", "/holds/bid-7/capture", "/holds/bid-7/release")) {
            assertTrue(proxied.stream().noneMatch(p -> p.test(path)), path + " is proxied");
        }
        for (String path : List.of("/members", "/members/1/points", "/products/2", "/orders", "/auctions/3/bids")) {
            assertTrue(proxied.stream().anyMatch(p -> p.test(path)), path + " is not proxied");
        }
    }

    static String gatewayConfig(Rendered rendered) {
        return rendered.one(ConfigMap.class, PREFIX + "gateway").getData().get("default.conf");
    }

    @Test
    void theGatewayIsANodePortOn30080() {
        Service gateway = Chart.defaults().one(Service.class, PREFIX + "gateway");
        assertEquals("NodePort", gateway.getSpec().getType());
        ServicePort port = gateway.getSpec().getPorts().get(0);
        assertEquals(30080, port.getNodePort());
        assertEquals(List.of(PREFIX + "gateway"), workloadsBehind(Chart.defaults(), gateway.getMetadata().getName(), port.getPort()));
        assertEquals(31000, Chart.render(Map.of("gateway.service.nodePort", 31000)).one(Service.class, PREFIX + "gateway")
                .getSpec().getPorts().get(0).getNodePort());
    }

    /**
     * The workloads whose pods a Service of that name selects, and only if the port maps to a port
     * their containers declare: what a client of host:port actually reaches.
     */
    static List<String> workloadsBehind(Rendered rendered, String serviceName, int port) {
        Service service = rendered.one(Service.class, serviceName);
        ServicePort servicePort = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError(serviceName + " has no port " + port));
        return rendered.podTemplates().entrySet().stream()
                .filter(e -> selects(service, e.getValue()) && declares(e.getValue(), servicePort))
                .map(Map.Entry::getKey).toList();
    }

    static boolean selects(Service service, PodTemplateSpec template) {
        Map<String, String> labels = template.getMetadata().getLabels();
        return service.getSpec().getSelector().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean declares(PodTemplateSpec template, ServicePort port) {
        return template.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream()).anyMatch(p ->
                port.getTargetPort().getIntVal() != null ? port.getTargetPort().getIntVal().equals(p.getContainerPort())
                        : port.getTargetPort().getStrVal().equals(p.getName()));
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static String env(Container container, String name) {
        EnvVar var = envVar(container, name);
        return var == null ? null : var.getValue();
    }

    static EnvVar envVar(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).reduce((first, last) -> last).orElse(null);
    }

    private static void assertHttpProbe(Probe probe, String path, Svc svc) {
        assertNotNull(probe, svc.name() + " " + path);
        assertEquals(path, probe.getHttpGet().getPath(), svc.name());
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), svc.name());
    }
}
