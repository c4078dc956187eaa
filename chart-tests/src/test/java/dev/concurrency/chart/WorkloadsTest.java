package dev.concurrency.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every pod of the chart must have: pinned images, requests and limits, a locked-down security context, somewhere to write. */
class WorkloadsTest {

    /** The paths each kind of container writes to; the root filesystem is read-only, so each needs a volume. */
    static final Map<String, Set<String>> WRITABLE = Map.of(
            "mysql", Set.of("/var/lib/mysql", "/var/run/mysqld", "/tmp"),
            "redis", Set.of("/data"),
            "nginx", Set.of("/tmp"),
            "point-service", Set.of("/tmp"),
            "order-service", Set.of("/tmp"),
            "auction-service", Set.of("/tmp"));

    @Test
    void everyImageIsPinnedAndNamesNoRegistryHost() {
        List<String> problems = new ArrayList<>();
        forEachContainer(Chart.defaults(), (workload, container) -> {
            String image = container.getImage();
            String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest") || tag.contains("/")) {
                problems.add(workload + "/" + container.getName() + ": " + image + " has no pinned tag");
            }
            String first = image.split("/")[0];
            if (image.contains("/") && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
                problems.add(workload + "/" + container.getName() + ": " + image + " names a registry host");
            }
            if (!"IfNotPresent".equals(container.getImagePullPolicy())) {
                problems.add(workload + "/" + container.getName() + ": pull policy " + container.getImagePullPolicy());
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void theServiceImagesCarryTheTagTheyAreGiven() {
        Rendered rendered = Chart.render(Map.of("image.tag", "1.0.0-SNAPSHOT-0123abc"));
        for (String service : List.of("point-service", "order-service", "auction-service")) {
            PodTemplateSpec template = rendered.deployment(service).getSpec().getTemplate();
            Rendered.containers(template).forEach(c ->
                    assertEquals("concurrency-commerce/" + service + ":1.0.0-SNAPSHOT-0123abc", c.getImage()));
        }
        assertEquals("concurrency-commerce/point-service:" + System.getProperty("project.version", "1.0.0-SNAPSHOT"),
                ServicesTest.container(Chart.defaults().deployment("point-service")).getImage(), "the default tag is the project version");
        assertEquals("localhost/concurrency-commerce/point-service:1.0.0-SNAPSHOT",
                ServicesTest.container(Chart.render(Map.of("image.registry", "localhost")).deployment("point-service")).getImage());
    }

    @Test
    void everyContainerHasRequestsAndLimits() {
        List<String> problems = new ArrayList<>();
        forEachContainer(Chart.defaults(), (workload, container) -> {
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = container.getResources().getRequests().get(resource);
                Quantity limit = container.getResources().getLimits().get(resource);
                if (request == null || limit == null) {
                    problems.add(workload + "/" + container.getName() + ": " + resource + " request " + request + ", limit " + limit);
                } else if (request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                    problems.add(workload + "/" + container.getName() + ": " + resource + " request above its limit");
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPodRunsLockedDown() {
        List<String> problems = new ArrayList<>();
        Chart.defaults().podTemplates().forEach((workload, template) -> {
            PodSecurityContext pod = template.getSpec().getSecurityContext();
            if (pod == null || !Boolean.TRUE.equals(pod.getRunAsNonRoot()) || pod.getRunAsUser() == null || pod.getRunAsUser() == 0
                    || pod.getSeccompProfile() == null || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
                problems.add(workload + ": pod securityContext " + pod);
            }
            if (!Boolean.FALSE.equals(template.getSpec().getAutomountServiceAccountToken())) {
                problems.add(workload + ": mounts a service account token it does not use");
            }
            Rendered.containers(template).forEach(container -> {
                SecurityContext sc = container.getSecurityContext();
                String id = workload + "/" + container.getName();
                if (sc == null) {
                    problems.add(id + ": no securityContext");
                    return;
                }
                if (!Boolean.TRUE.equals(sc.getRunAsNonRoot())) {
                    problems.add(id + ": runAsNonRoot not set");
                }
                if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    problems.add(id + ": root filesystem writable");
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()) || Boolean.TRUE.equals(sc.getPrivileged())) {
                    problems.add(id + ": may escalate privileges");
                }
                if (sc.getCapabilities() == null || !List.of("ALL").equals(sc.getCapabilities().getDrop())
                        || !sc.getCapabilities().getAdd().isEmpty()) {
                    problems.add(id + ": capabilities " + sc.getCapabilities());
                }
                if (sc.getSeccompProfile() == null || !"RuntimeDefault".equals(sc.getSeccompProfile().getType())) {
                    problems.add(id + ": seccomp " + sc.getSeccompProfile());
                }
            });
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPathAContainerWritesIsAVolume() {
        List<String> problems = new ArrayList<>();
        Chart.defaults().podTemplates().forEach((workload, template) -> {
            Set<String> volumes = template.getSpec().getVolumes().stream().map(v -> v.getName()).collect(Collectors.toSet());
            template.getSpec().getContainers().forEach(container -> {
                Set<String> mounted = container.getVolumeMounts().stream().map(VolumeMount::getMountPath).collect(Collectors.toSet());
                Set<String> needed = WRITABLE.get(container.getName());
                if (needed == null || !mounted.containsAll(needed)) {
                    problems.add(workload + "/" + container.getName() + ": mounts " + mounted + ", needs " + needed);
                }
                container.getVolumeMounts().stream()
                        .filter(m -> !volumes.contains(m.getName()) && !m.getName().equals("data"))
                        .forEach(m -> problems.add(workload + "/" + container.getName() + ": mounts unknown volume " + m.getName()));
            });
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyReplicatedDeploymentHasAPodDisruptionBudgetAndSpreadsOverNodes() {
        Rendered rendered = Chart.defaults();
        List<PodDisruptionBudget> budgets = rendered.all(PodDisruptionBudget.class);
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            if (name.endsWith("-redis")) {
                continue; // one replica, recreated: a budget would only block node drains
            }
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            List<PodDisruptionBudget> covering = budgets.stream()
                    .filter(b -> Reachability.matches(b.getSpec().getSelector(), labels)).toList();
            assertEquals(1, covering.size(), name + " PDBs");
            assertEquals(1, covering.get(0).getSpec().getMaxUnavailable().getIntVal(), name);

            List<TopologySpreadConstraint> spread = deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            assertEquals(1, spread.size(), name);
            assertEquals("kubernetes.io/hostname", spread.get(0).getTopologyKey(), name);
            assertEquals(1, spread.get(0).getMaxSkew(), name);
            assertTrue(Reachability.matches(spread.get(0).getLabelSelector(), labels), name + " spreads its own pods");
            assertEquals(List.of("pod-template-hash"), spread.get(0).getMatchLabelKeys(), name);
        }
        assertEquals(4, budgets.size());
        assertTrue(Chart.render(Map.of("podDisruptionBudget.enabled", false)).all(PodDisruptionBudget.class).isEmpty());
        assertEquals("DoNotSchedule", Chart.render(Map.of("topologySpread.whenUnsatisfiable", "DoNotSchedule"))
                .deployment("point-service").getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0).getWhenUnsatisfiable());
    }

    static void forEachContainer(Rendered rendered, java.util.function.BiConsumer<String, Container> check) {
        rendered.podTemplates().forEach((workload, template) -> Rendered.containers(template).forEach(c -> check.accept(workload, c)));
    }
}
