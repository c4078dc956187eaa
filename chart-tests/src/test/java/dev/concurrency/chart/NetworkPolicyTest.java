package dev.concurrency.chart;

import dev.concurrency.chart.Reachability.Endpoint;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NetworkPolicies, checked by what they let through rather than by their text: every pair of
 * endpoints (the release's pods, the cluster DNS, a client outside, and pods that must be kept out)
 * on every port, evaluated with the API's semantics, must give exactly the intended connections.
 */
class NetworkPolicyTest {

    static final String PREFIX = Chart.RELEASE + "-";
    static final List<String> SERVICES = List.of("point-service", "order-service", "auction-service");
    static final Map<String, Integer> PORTS = Map.of("point-service", 8081, "order-service", 8082, "auction-service", 8083);

    @Test
    void exactlyTheIntendedConnectionsAreOpen() {
        Rendered rendered = Chart.defaults();
        Reachability reachability = new Reachability(rendered.all(NetworkPolicy.class));
        List<Endpoint> pods = releasePods(rendered);
        Endpoint dns = Endpoint.pod("kube-dns", Map.of("k8s-app", "kube-dns"), "kube-system",
                List.of(port("dns", 53, "UDP"), port("dns-tcp", 53, "TCP")));
        // pods that must get nothing but the public entry point
        List<Endpoint> intruders = List.of(
                Endpoint.outsideTheCluster(),
                Endpoint.pod("stranger", Map.of("app", "debug"), Chart.NAMESPACE, List.of()),
                Endpoint.pod("other-release-point-service",
                        Map.of("app.kubernetes.io/name", "point-service", "app.kubernetes.io/instance", "other"), Chart.NAMESPACE, List.of()),
                Endpoint.pod("other-namespace-point-service",
                        Map.of("app.kubernetes.io/name", "point-service", "app.kubernetes.io/instance", Chart.RELEASE), "elsewhere", List.of()));

        Set<String> expected = new TreeSet<>();
        for (Endpoint intruder : intruders) {
            expected.add(intruder + " -> gateway:8080/TCP");
        }
        for (String service : SERVICES) {
            int port = PORTS.get(service);
            String id = service.substring(0, service.indexOf('-'));
            expected.add("gateway -> " + service + ":" + port + "/TCP");
            expected.add(service + " -> " + id + "-db:3306/TCP");
            expected.add(service + " -> redis:6379/TCP");
        }
        expected.add("order-service -> point-service:8081/TCP");
        expected.add("auction-service -> point-service:8081/TCP");
        for (Endpoint pod : pods) {
            expected.add(pod + " -> kube-dns:53/UDP");
            expected.add(pod + " -> kube-dns:53/TCP");
        }

        Set<String> open = new TreeSet<>();
        List<Endpoint> sources = new ArrayList<>(pods);
        sources.addAll(intruders);
        List<Endpoint> destinations = new ArrayList<>(pods);
        destinations.add(dns);
        for (Endpoint from : sources) {
            for (Endpoint to : destinations) {
                if (to == dns && intruders.contains(from)) {
                    continue; // not the chart's business
                }
                List<ContainerPort> ports = new ArrayList<>(to.ports());
                ports.add(port("unused", 9999, "TCP"));
                ports.add(port("unused-udp", 9999, "UDP"));
                for (ContainerPort port : ports) {
                    if (reachability.allowed(from, to, port.getProtocol(), port.getContainerPort())) {
                        open.add(from + " -> " + to + ":" + port.getContainerPort() + "/" + port.getProtocol());
                    }
                }
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", open));
    }

    /** Only order-service and auction-service call /payments and /holds; the gateway still needs point-service for /members. */
    @Test
    void pointServiceAdmitsOnlyOrderServiceAuctionServiceAndTheGateway() {
        Rendered rendered = Chart.defaults();
        Reachability reachability = new Reachability(rendered.all(NetworkPolicy.class));
        List<Endpoint> pods = releasePods(rendered);
        Endpoint pointService = pods.stream().filter(p -> p.name().equals("point-service")).findFirst().orElseThrow();
        List<Endpoint> sources = new ArrayList<>(pods);
        sources.add(Endpoint.outsideTheCluster());
        sources.add(Endpoint.pod("stranger", Map.of("app", "debug"), Chart.NAMESPACE, List.of()));
        Set<String> admitted = new TreeSet<>();
        for (Endpoint from : sources) {
            if (reachability.allowed(from, pointService, "TCP", PORTS.get("point-service"))) {
                admitted.add(from.name());
            }
        }
        assertEquals(new TreeSet<>(Set.of("order-service", "auction-service", "gateway")), admitted);

        NetworkPolicy policy = rendered.one(NetworkPolicy.class, PREFIX + "point-service");
        Set<String> peers = new TreeSet<>();
        policy.getSpec().getIngress().forEach(rule -> rule.getFrom().forEach(peer -> peers.add(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))));
        assertEquals(new TreeSet<>(Set.of("order-service", "auction-service", "gateway")), peers, "the peers of point-service's policy");
    }

    /** The entry point takes anyone's traffic, so it must reach nothing but the services' HTTP ports. */
    @Test
    void theGatewayReachesNoDatabaseAndNotRedis() {
        Rendered rendered = Chart.defaults();
        Reachability reachability = new Reachability(rendered.all(NetworkPolicy.class));
        List<Endpoint> pods = releasePods(rendered);
        Endpoint gateway = pods.stream().filter(p -> p.name().equals("gateway")).findFirst().orElseThrow();
        for (Endpoint to : pods) {
            if (to.name().endsWith("-db") || to.name().equals("redis")) {
                for (ContainerPort port : to.ports()) {
                    assertFalse(reachability.allowed(gateway, to, "TCP", port.getContainerPort()), "gateway -> " + to + ":" + port.getContainerPort());
                }
            }
        }
    }

    @Test
    void everyPodOfTheReleaseIsIsolatedBothWays() {
        Rendered rendered = Chart.defaults();
        Reachability reachability = new Reachability(rendered.all(NetworkPolicy.class));
        for (Endpoint pod : releasePods(rendered)) {
            assertFalse(reachability.selecting(pod, "Ingress").isEmpty(), pod + " admits anything");
            assertFalse(reachability.selecting(pod, "Egress").isEmpty(), pod + " may send anywhere");
        }
        NetworkPolicy defaultDeny = rendered.one(NetworkPolicy.class, PREFIX + "default-deny");
        assertEquals(List.of("Ingress", "Egress"), defaultDeny.getSpec().getPolicyTypes());
        assertTrue(defaultDeny.getSpec().getIngress().isEmpty() && defaultDeny.getSpec().getEgress().isEmpty());
    }

    @Test
    void metricsScrapersReachTheServicesButNotTheData() {
        Rendered rendered = Chart.renderWithValues("""
                networkPolicy:
                  metricsScrapers:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
                      podSelector: {matchLabels: {app: prometheus}}
                """);
        Reachability reachability = new Reachability(rendered.all(NetworkPolicy.class));
        Endpoint prometheus = Endpoint.pod("prometheus", Map.of("app", "prometheus"), "monitoring", List.of());
        Endpoint otherMonitoringPod = Endpoint.pod("grafana", Map.of("app", "grafana"), "monitoring", List.of());
        for (Endpoint pod : releasePods(rendered)) {
            String name = pod.name();
            boolean service = SERVICES.contains(name);
            for (ContainerPort port : pod.ports()) {
                boolean expected = service || name.equals("gateway");
                assertEquals(expected, reachability.allowed(prometheus, pod, "TCP", port.getContainerPort()), "prometheus -> " + name);
                assertEquals(name.equals("gateway"), reachability.allowed(otherMonitoringPod, pod, "TCP", port.getContainerPort()), "grafana -> " + name);
            }
        }
    }

    @Test
    void probeSourcesReachTheServicesHttpPortsOnly() {
        Rendered rendered = Chart.renderWithValues("networkPolicy: {probeSources: [172.18.0.0/16]}");
        Reachability reachability = new Reachability(rendered.all(NetworkPolicy.class));
        Endpoint node = Endpoint.address("node", "172.18.0.3");
        Endpoint elsewhere = Endpoint.address("elsewhere", "172.19.0.3");
        for (Endpoint pod : releasePods(rendered)) {
            for (ContainerPort port : pod.ports()) {
                boolean expected = SERVICES.contains(pod.name()) || pod.name().equals("gateway");
                assertEquals(expected, reachability.allowed(node, pod, "TCP", port.getContainerPort()), "node -> " + pod);
                assertEquals(pod.name().equals("gateway"), reachability.allowed(elsewhere, pod, "TCP", port.getContainerPort()), "elsewhere -> " + pod);
            }
        }
        assertTrue(Reachability.contains("10.0.0.0/8", "10.244.1.2"));
        assertFalse(Reachability.contains("10.0.0.0/16", "10.1.0.1"));
    }

    @Test
    void policiesCanBeSwitchedOff() {
        assertTrue(Chart.render(Map.of("networkPolicy.enabled", false)).all(NetworkPolicy.class).isEmpty());
    }

    /** One endpoint per workload, named without the release prefix (point-service, point-db, redis, gateway...). */
    static List<Endpoint> releasePods(Rendered rendered) {
        List<Endpoint> pods = new ArrayList<>();
        rendered.podTemplates().forEach((name, template) -> pods.add(Endpoint.pod(name.substring(PREFIX.length()), template)));
        assertEquals(Set.of("gateway", "redis", "point-service", "order-service", "auction-service", "point-db", "order-db", "auction-db"),
                Set.copyOf(pods.stream().map(Endpoint::name).toList()));
        return pods;
    }

    static ContainerPort port(String name, int number, String protocol) {
        return new ContainerPortBuilder().withName(name).withContainerPort(number).withProtocol(protocol).build();
    }
}
