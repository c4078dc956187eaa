package dev.concurrency.chart;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The NetworkPolicy semantics of the Kubernetes API, evaluated over rendered objects: may a
 * connection from one endpoint reach another on a port? A pod selected by no policy of a
 * direction is open in that direction; a selected pod admits only what some rule of some
 * selecting policy admits (peers and ports both matching). Policies live in the release's
 * namespace; peers with a namespaceSelector match pods of other namespaces by those namespaces' labels.
 */
final class Reachability {

    /**
     * A pod (labels, namespace labels, container ports) or, with no namespace, an address that is no
     * pod: a client outside the cluster, or a node (where the kubelet's probes come from).
     */
    record Endpoint(String name, Map<String, String> labels, Map<String, String> namespaceLabels, List<ContainerPort> ports, String ip) {

        static Endpoint pod(String name, Map<String, String> labels, String namespace, List<ContainerPort> ports) {
            return new Endpoint(name, labels, Map.of("kubernetes.io/metadata.name", namespace), ports, null);
        }

        static Endpoint pod(String name, PodTemplateSpec template) {
            List<ContainerPort> ports = new ArrayList<>();
            template.getSpec().getContainers().forEach(c -> ports.addAll(c.getPorts()));
            return pod(name, template.getMetadata().getLabels(), Chart.NAMESPACE, ports);
        }

        static Endpoint outsideTheCluster() {
            return address("outside", "203.0.113.7");
        }

        static Endpoint address(String name, String ip) {
            return new Endpoint(name, Map.of(), null, List.of(), ip);
        }

        boolean isPod() {
            return namespaceLabels != null;
        }

        String namespace() {
            return isPod() ? namespaceLabels.get("kubernetes.io/metadata.name") : null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<NetworkPolicy> policies;

    Reachability(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    boolean allowed(Endpoint from, Endpoint to, String protocol, int port) {
        return egressAllowed(from, to, protocol, port) && ingressAllowed(from, to, protocol, port);
    }

    /** Policies of the release's namespace that select this pod for a direction. */
    List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        if (!pod.isPod() || !Chart.NAMESPACE.equals(pod.namespace())) {
            return List.of();
        }
        return policies.stream()
                .filter(p -> types(p).contains(direction))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
                .toList();
    }

    private boolean ingressAllowed(Endpoint from, Endpoint to, String protocol, int port) {
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> peersMatch(rule.getFrom(), from) && portsMatch(rule.getPorts(), to, protocol, port));
    }

    private boolean egressAllowed(Endpoint from, Endpoint to, String protocol, int port) {
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getEgress().stream())
                .anyMatch(rule -> peersMatch(rule.getTo(), to) && portsMatch(rule.getPorts(), to, protocol, port));
    }

    private static List<String> types(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types;
        }
        return policy.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    /** An absent or empty peer list admits everyone; else one peer must match. */
    private static boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint endpoint) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(peer -> peerMatches(peer, endpoint));
    }

    private static boolean peerMatches(NetworkPolicyPeer peer, Endpoint endpoint) {
        if (peer.getIpBlock() != null) {
            // pods are matched by labels only (their addresses come from the pod network, never a node's range)
            return !endpoint.isPod() && contains(peer.getIpBlock().getCidr(), endpoint.ip())
                    && peer.getIpBlock().getExcept().stream().noneMatch(except -> contains(except, endpoint.ip()));
        }
        if (!endpoint.isPod()) {
            return false;
        }
        boolean namespaceMatches = peer.getNamespaceSelector() == null
                ? Chart.NAMESPACE.equals(endpoint.namespace())
                : matches(peer.getNamespaceSelector(), endpoint.namespaceLabels());
        boolean podMatches = peer.getPodSelector() == null || matches(peer.getPodSelector(), endpoint.labels());
        return namespaceMatches && podMatches;
    }

    /** An absent or empty port list admits every port; a named port is looked up among the destination's container ports. */
    private static boolean portsMatch(List<NetworkPolicyPort> ports, Endpoint to, String protocol, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(p -> Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(protocol)
                && (p.getPort() == null || resolve(p.getPort(), to) == port
                || (p.getEndPort() != null && resolve(p.getPort(), to) <= port && port <= p.getEndPort())));
    }

    private static int resolve(IntOrString port, Endpoint to) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return to.ports().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .mapToInt(ContainerPort::getContainerPort).findFirst().orElse(-1);
    }

    /** Whether an IPv4 CIDR contains an address. */
    static boolean contains(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(parts[0]) & mask) == (ipv4(ip) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    /** Label selector semantics: every matchLabels entry and every matchExpressions requirement holds. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null
                && !selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(actual.get(e.getKey())))) {
            return false;
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = actual.get(requirement.getKey());
            boolean holds = switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("unknown operator " + requirement.getOperator());
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}
