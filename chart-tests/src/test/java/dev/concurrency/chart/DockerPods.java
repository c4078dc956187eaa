package dev.concurrency.chart;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every workload of a rendered chart as Docker containers, with what its pod spec says and
 * nothing else: image, command and args (with {@code $(VAR)} expanded as the kubelet does), env
 * and env from Secrets, ports, the user, a read-only root with tmpfs for emptyDirs (and for volume
 * claims), Secret and ConfigMap volumes as read-only files, memory and CPU limits, no capabilities,
 * init containers run to completion first, and the probes polled as the kubelet polls them.
 *
 * <p>Services become network aliases. NetworkPolicies become networks: one per workload, holding
 * its pods and the pods the policies let reach them ({@link Reachability}); a pod that only the
 * outside may reach gets its ports published on 127.0.0.1. Docker networks are two-way, so a
 * network also lets the target open connections back to its clients: that direction is the one
 * thing mirrored more loosely than Kubernetes enforces it.
 *
 * <p>This is a test harness for the chart, not a deployment tool: no scheduling, no rollouts,
 * no Service load balancing (a Service name resolves to every pod that has the alias).
 */
final class DockerPods implements AutoCloseable {

    /** One pod: its workload, ordinal, template, and (once started) its main containers' ids. */
    static final class Pod {
        final String workload;
        final int ordinal;
        final PodTemplateSpec template;
        final Map<String, String> containerIds = new LinkedHashMap<>();
        final Set<String> networks = new LinkedHashSet<>();
        final Set<String> aliases = new LinkedHashSet<>();
        final Map<Integer, Integer> published = new LinkedHashMap<>();
        /** The pod's address on each of its networks: kept across container restarts, as a pod's IP is. */
        final Map<String, String> addresses = new LinkedHashMap<>();
        volatile boolean ready;
        /** How often the kubelet restarted one of its containers (it exited, or failed its liveness probe). */
        volatile int restarts;
        volatile String lastProbeFailure = "not probed yet";

        Pod(String workload, int ordinal, PodTemplateSpec template) {
            this.workload = workload;
            this.ordinal = ordinal;
            this.template = template;
        }

        String name() {
            return workload + "-" + ordinal;
        }

        /** The workload without the release prefix: point-service, point-db, gateway, ... */
        String part() {
            return workload.substring(Chart.RELEASE.length() + 1);
        }

        Map<String, String> labels() {
            return template.getMetadata().getLabels();
        }

        /** The port its (first) container serves on. */
        int port() {
            return template.getSpec().getContainers().get(0).getPorts().get(0).getContainerPort();
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private static final Pattern VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final DockerClient docker = DockerClientFactory.instance().client();
    private final Rendered chart;
    private final Map<String, String> images;
    private final Map<String, Map<String, String>> externalSecrets;
    private final String prefix;
    private final Path files;
    private final List<Pod> pods = new ArrayList<>();
    private final Map<String, Thread> kubelets = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private volatile boolean closed;

    /**
     * @param images          replacements for images no registry serves here (chart image → local image)
     * @param externalSecrets Secrets the chart refers to without making them (name → key → value)
     */
    DockerPods(Rendered chart, Map<String, String> images, Map<String, Map<String, String>> externalSecrets, String prefix) {
        this.chart = chart;
        this.images = images;
        this.externalSecrets = externalSecrets;
        this.prefix = prefix;
        try {
            this.files = Files.createTempDirectory(prefix + "-files");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chart.all(StatefulSet.class).forEach(s -> addPods(s.getMetadata().getName(), s.getSpec().getReplicas(), s.getSpec().getTemplate()));
        chart.all(Deployment.class).forEach(d -> addPods(d.getMetadata().getName(), d.getSpec().getReplicas(), d.getSpec().getTemplate()));
        planNetworks();
    }

    private void addPods(String workload, Integer replicas, PodTemplateSpec template) {
        for (int i = 0; i < (replicas == null ? 1 : replicas); i++) {
            pods.add(new Pod(workload, i, template));
        }
    }

    List<Pod> pods() {
        return List.copyOf(pods);
    }

    List<Pod> pods(String part) {
        return pods.stream().filter(p -> p.part().equals(part)).toList();
    }

    DockerClient docker() {
        return docker;
    }

    String network(String part) {
        return prefix + "-" + part;
    }

    // ---- networks: one per workload, for the pods the NetworkPolicies let in ----------------------

    private void planNetworks() {
        Reachability policies = new Reachability(chart.all(NetworkPolicy.class));
        Map<String, PodTemplateSpec> templates = chart.podTemplates();
        for (var target : templates.entrySet()) {
            String targetPart = target.getKey().substring(Chart.RELEASE.length() + 1);
            Reachability.Endpoint to = Reachability.Endpoint.pod(target.getKey(), target.getValue());
            List<Integer> ports = to.ports().stream().map(ContainerPort::getContainerPort).toList();
            String network = network(targetPart);
            for (Pod pod : pods) {
                if (pod.workload.equals(target.getKey())) {
                    pod.networks.add(network);
                    if (ports.stream().anyMatch(port -> policies.allowed(Reachability.Endpoint.outsideTheCluster(), to, "TCP", port))) {
                        ports.forEach(port -> pod.published.put(port, 0));
                    }
                    continue;
                }
                Reachability.Endpoint from = Reachability.Endpoint.pod(pod.workload, pod.template);
                if (ports.stream().anyMatch(port -> policies.allowed(from, to, "TCP", port))) {
                    pod.networks.add(network);
                }
            }
        }
        // Docker hands a restarted container a new address and may give its old one to another, where a
        // pod keeps its IP across restarts: each network gets a subnet, each pod on it a fixed address in
        // its lower half (init containers take theirs from the upper half).
        List<String> networks = networkNames();
        for (int n = 0; n < networks.size(); n++) {
            int host = 10;
            for (Pod pod : pods) {
                if (pod.networks.contains(networks.get(n))) {
                    pod.addresses.put(networks.get(n), subnet(n) + "." + host++);
                }
            }
        }
        for (Pod pod : pods) {
            pod.aliases.add(pod.name());
            for (Service service : chart.all(Service.class)) {
                Map<String, String> selector = service.getSpec().getSelector();
                if (selector != null && !selector.isEmpty() && pod.labels().entrySet().containsAll(selector.entrySet())) {
                    pod.aliases.add(service.getMetadata().getName());
                    if ("None".equals(service.getSpec().getClusterIP())) {
                        pod.aliases.add(pod.name() + "." + service.getMetadata().getName());
                    }
                }
            }
        }
    }

    /** The first three octets of the n-th network's /24. */
    private static String subnet(int n) {
        return "10.213." + n;
    }

    // ---- starting ------------------------------------------------------------------------------------

    /**
     * Creates the networks and starts every pod (init containers first, each to completion), in the
     * chart's order, after removing what an earlier, interrupted run with the same prefix left.
     */
    void start() {
        removeAll();
        List<String> networks = networkNames();
        for (int n = 0; n < networks.size(); n++) {
            docker.createNetworkCmd().withName(networks.get(n)).withDriver("bridge").withCheckDuplicate(true)
                    .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config()
                            .withSubnet(subnet(n) + ".0/24").withIpRange(subnet(n) + ".128/25")))
                    .exec();
        }
        // Kubernetes resolves a Service's name before its pods exist, Docker only once a container has the
        // alias: the entry point (nginx resolves its upstreams when it starts) goes last.
        pods.stream().filter(p -> p.published.isEmpty()).forEach(this::startPod);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (pods.stream().anyMatch(p -> p.published.isEmpty() && p.containerIds.isEmpty())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("init containers did not finish within 5 min: "
                        + pods.stream().filter(p -> p.containerIds.isEmpty()).map(p -> p + " (" + p.lastProbeFailure + ")").toList());
            }
            pause(Duration.ofMillis(200));
        }
        pods.stream().filter(p -> !p.published.isEmpty()).forEach(this::startPod);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startPod(Pod pod) {
        for (Container init : pod.template.getSpec().getInitContainers()) {
            String id = create(pod, init, "-init-" + init.getName());
            docker.startContainerCmd(id).exec();
            Thread.ofVirtual().name("init-" + pod.name()).start(() -> {
                // The kubelet starts the main containers only after every init container exited 0.
                int status = docker.waitContainerCmd(id).start().awaitStatusCode();
                if (status != 0) {
                    pod.lastProbeFailure = "init container " + init.getName() + " exited " + status;
                    return;
                }
                startMain(pod);
            });
            return; // the chart's pods have one init container at most; the rest follows from its thread
        }
        startMain(pod);
    }

    private void startMain(Pod pod) {
        if (closed) {
            return;
        }
        for (Container container : pod.template.getSpec().getContainers()) {
            String id = create(pod, container, "");
            pod.containerIds.put(container.getName(), id);
            docker.startContainerCmd(id).exec();
            pod.published.replaceAll((port, ignored) -> hostPort(id, port));
            Thread kubelet = Thread.ofVirtual().name("kubelet-" + pod.name()).start(() -> probe(pod, container, id));
            kubelets.put(id, kubelet);
        }
    }

    /** Creates (does not start) one container of the pod; {@code suffix} tells init containers apart. */
    private String create(Pod pod, Container container, String suffix) {
        Map<String, String> env = env(container);
        PodSecurityContext podSecurity = pod.template.getSpec().getSecurityContext();
        SecurityContext security = container.getSecurityContext();
        Long user = security != null && security.getRunAsUser() != null ? security.getRunAsUser()
                : podSecurity != null ? podSecurity.getRunAsUser() : null;
        Long group = security != null && security.getRunAsGroup() != null ? security.getRunAsGroup()
                : podSecurity != null ? podSecurity.getRunAsGroup() : null;

        String first = pod.networks.isEmpty() ? null : pod.networks.iterator().next();
        HostConfig host = HostConfig.newHostConfig()
                .withReadonlyRootfs(security != null && Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withNetworkMode(first == null ? "none" : first);
        Map<String, Quantity> limits = container.getResources() == null ? Map.of() : container.getResources().getLimits();
        if (limits != null && limits.get("memory") != null) {
            host.withMemory(Quantity.getAmountInBytes(limits.get("memory")).longValue());
        }
        if (limits != null && limits.get("cpu") != null) {
            host.withNanoCPUs(Quantity.getAmountInBytes(limits.get("cpu")).multiply(BigDecimal.valueOf(1_000_000_000L)).longValue());
        }
        mounts(pod, container, host, user, group);

        List<ExposedPort> exposed = container.getPorts().stream().map(p -> ExposedPort.tcp(p.getContainerPort())).toList();
        if (!pod.published.isEmpty() && suffix.isEmpty()) {
            Ports bindings = new Ports();
            pod.published.keySet().forEach(port -> bindings.bind(ExposedPort.tcp(port), Ports.Binding.bindIp("127.0.0.1")));
            host.withPortBindings(bindings);
        }
        CreateContainerCmd cmd = docker.createContainerCmd(image(container.getImage()))
                .withName(prefix + "-" + pod.part() + "-" + pod.ordinal + suffix)
                .withHostName(pod.name())
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(exposed)
                .withHostConfig(host)
                .withAliases(aliases(pod, first, suffix))
                .withLabels(Map.of("dev.concurrency.chart-run", prefix));
        if (suffix.isEmpty() && first != null) {
            cmd.withIpv4Address(pod.addresses.get(first));
        }
        if (user != null) {
            cmd.withUser(user + (group != null ? ":" + group : ""));
        }
        if (container.getCommand() != null && !container.getCommand().isEmpty()) {
            cmd.withEntrypoint(expand(container.getCommand(), env));
            cmd.withCmd(container.getArgs() == null ? List.of() : expand(container.getArgs(), env));
        } else if (container.getArgs() != null && !container.getArgs().isEmpty()) {
            cmd.withCmd(expand(container.getArgs(), env));
        }
        String id = cmd.exec().getId();
        pod.networks.stream().skip(1).forEach(network -> connect(pod, network, id, suffix));
        return id;
    }

    private void connect(Pod pod, String network, String id, String suffix) {
        ContainerNetwork endpoint = new ContainerNetwork().withAliases(aliases(pod, network, suffix));
        if (suffix.isEmpty()) {
            endpoint.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(pod.addresses.get(network)));
        }
        docker.connectToNetworkCmd().withNetworkId(network).withContainerId(id).withContainerNetwork(endpoint).exec();
    }

    /**
     * The Service names go to the main containers only (an init container's address must not be the one
     * a name resolves to), and only on the pod's own network, where the pods its policies admit are: the
     * networks it joins as a client do not resolve its names (they do reach its address, Docker networks
     * being two-way).
     */
    private List<String> aliases(Pod pod, String network, String suffix) {
        return suffix.isEmpty() && network.equals(network(pod.part())) ? List.copyOf(pod.aliases) : List.of();
    }

    private String image(String chartImage) {
        return images.getOrDefault(chartImage, chartImage);
    }

    private Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), String.join("", expand(List.of(var.getValue()), env)));
            } else if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                env.put(var.getName(), secret(ref.getName()).get(ref.getKey()));
            } else if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = var.getValueFrom().getConfigMapKeyRef();
                env.put(var.getName(), chart.one(ConfigMap.class, ref.getName()).getData().get(ref.getKey()));
            } else {
                throw new IllegalStateException("env " + var.getName() + ": a source this harness does not know");
            }
        }
        return env;
    }

    /** The kubelet's $(VAR) expansion: a defined variable is replaced, an undefined one kept as written, $$ is one $. */
    static List<String> expand(List<String> values, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            StringBuilder sb = new StringBuilder();
            int i = 0;
            while (i < value.length()) {
                if (value.startsWith("$$", i)) {
                    sb.append('$');
                    i += 2;
                    continue;
                }
                Matcher m = VAR.matcher(value).region(i, value.length());
                if (value.charAt(i) == '$' && m.lookingAt() && env.containsKey(m.group(1))) {
                    sb.append(env.get(m.group(1)));
                    i = m.end();
                    continue;
                }
                sb.append(value.charAt(i++));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private Map<String, String> secret(String name) {
        if (externalSecrets.containsKey(name)) {
            return externalSecrets.get(name);
        }
        Secret secret = chart.one(Secret.class, name);
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    private void mounts(Pod pod, Container container, HostConfig host, Long user, Long group) {
        Map<String, String> tmpfs = new LinkedHashMap<>();
        List<Bind> binds = new ArrayList<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            var volume = pod.template.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst();
            if (volume.isEmpty() || volume.get().getEmptyDir() != null) {
                // an emptyDir, or a StatefulSet's volume claim: empty storage the pod's user may write
                // (owned by the pod's user: this Docker ignores a tmpfs mode, and Kubernetes makes emptyDirs writable to the pod)
                tmpfs.put(mount.getMountPath(), "rw,exec,mode=1777,size=512m" + (user != null ? ",uid=" + user : "")
                        + (group != null ? ",gid=" + group : ""));
            } else if (volume.get().getSecret() != null) {
                Map<String, String> data = secret(volume.get().getSecret().getSecretName());
                binds.add(new Bind(writeFiles(pod, mount.getName(), data, volume.get().getSecret().getItems()).toString(),
                        new Volume(mount.getMountPath()), AccessMode.ro));
            } else if (volume.get().getConfigMap() != null) {
                Map<String, String> data = chart.one(ConfigMap.class, volume.get().getConfigMap().getName()).getData();
                binds.add(new Bind(writeFiles(pod, mount.getName(), data, volume.get().getConfigMap().getItems()).toString(),
                        new Volume(mount.getMountPath()), AccessMode.ro));
            } else {
                throw new IllegalStateException(pod + ": volume " + mount.getName() + " of a kind this harness does not know");
            }
        }
        host.withTmpFs(tmpfs).withBinds(binds);
    }

    private Path writeFiles(Pod pod, String volume, Map<String, String> data, List<KeyToPath> items) {
        try {
            Path dir = files.resolve(pod.name() + "-" + volume);
            Files.createDirectories(dir);
            Map<String, String> paths = new LinkedHashMap<>();
            if (items == null || items.isEmpty()) {
                data.keySet().forEach(k -> paths.put(k, k));
            } else {
                items.forEach(i -> paths.put(i.getKey(), i.getPath()));
            }
            for (var entry : paths.entrySet()) {
                Path file = dir.resolve(entry.getValue());
                Files.writeString(file, data.get(entry.getKey()));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int hostPort(String id, int containerPort) {
        Ports.Binding[] bindings = docker.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings()
                .get(ExposedPort.tcp(containerPort));
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    // ---- the kubelet's probes ---------------------------------------------------------------------------

    private void probe(Pod pod, Container container, String id) {
        try {
            Probe startup = container.getStartupProbe();
            if (startup != null && !untilSuccess(pod, container, id, startup)) {
                pod.lastProbeFailure = "startup probe never succeeded: " + pod.lastProbeFailure;
                return; // the kubelet would restart the container; a test reports it instead
            }
            long nextLiveness = 0;
            int livenessFailures = 0;
            while (!closed) {
                var state = docker.inspectContainerCmd(id).exec().getState();
                if (!Boolean.TRUE.equals(state.getRunning())) {
                    // restartPolicy Always: the kubelet starts an exited container again, and probes it from the start
                    pod.ready = false;
                    pod.lastProbeFailure = "exited with " + state.getExitCodeLong() + ": restarted";
                    pod.restarts++;
                    docker.startContainerCmd(id).exec();
                    if (startup != null && !untilSuccess(pod, container, id, startup)) {
                        pod.lastProbeFailure = "startup probe never succeeded after a restart: " + pod.lastProbeFailure;
                        return;
                    }
                    continue;
                }
                Probe readiness = container.getReadinessProbe();
                if (readiness != null) {
                    pod.ready = check(pod, container, id, readiness);
                } else {
                    pod.ready = true;
                }
                Probe liveness = container.getLivenessProbe();
                if (liveness != null && System.nanoTime() - nextLiveness >= 0) {
                    livenessFailures = check(pod, container, id, liveness) ? 0 : livenessFailures + 1;
                    nextLiveness = System.nanoTime() + TimeUnit.SECONDS.toNanos(period(liveness));
                    if (livenessFailures >= failureThreshold(liveness)) {
                        pod.lastProbeFailure = "liveness failed " + livenessFailures + " times: restarted; " + pod.lastProbeFailure;
                        livenessFailures = 0;
                        pod.ready = false;
                        pod.restarts++;
                        docker.restartContainerCmd(id).withTimeout(10).exec();
                    }
                }
                Thread.sleep(TimeUnit.SECONDS.toMillis(readiness != null ? period(readiness) : 5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            pod.ready = false;
            if (!closed) {
                pod.lastProbeFailure = "kubelet stopped: " + e;
            }
        }
    }

    private boolean untilSuccess(Pod pod, Container container, String id, Probe probe) throws InterruptedException {
        for (int failures = 0; failures < failureThreshold(probe) && !closed; failures++) {
            if (check(pod, container, id, probe)) {
                return true;
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(period(probe)));
        }
        return false;
    }

    private boolean check(Pod pod, Container container, String id, Probe probe) {
        int timeout = probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
        try {
            if (probe.getHttpGet() != null) {
                int port = port(container, probe.getHttpGet().getPort());
                String ip = ip(id);
                HttpResponse<Void> reply = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":" + port + probe.getHttpGet().getPath()))
                        .timeout(Duration.ofSeconds(timeout)).GET().build(), HttpResponse.BodyHandlers.discarding());
                boolean ok = reply.statusCode() >= 200 && reply.statusCode() < 400;
                if (!ok) {
                    pod.lastProbeFailure = "GET " + probe.getHttpGet().getPath() + " answered " + reply.statusCode();
                }
                return ok;
            }
            if (probe.getExec() != null) {
                int exit = exec(id, probe.getExec().getCommand(), Duration.ofSeconds(timeout));
                if (exit != 0) {
                    pod.lastProbeFailure = String.join(" ", probe.getExec().getCommand()) + " exited " + exit;
                }
                return exit == 0;
            }
            throw new IllegalStateException("a probe this harness does not know: " + probe);
        } catch (IOException e) {
            pod.lastProbeFailure = e.toString();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command in a container (as its own user), waits at most {@code timeout}; its exit code, or -1 on timeout. */
    int exec(String containerId, List<String> command, Duration timeout) throws InterruptedException {
        String execId = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        boolean done = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            return -1;
        }
        Long exit = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        return exit == null ? -1 : exit.intValue();
    }

    private static int period(Probe probe) {
        return probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
    }

    private static int failureThreshold(Probe probe) {
        return probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
    }

    private static int port(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no port named " + port.getStrVal())).getContainerPort();
    }

    String ip(String containerId) {
        InspectContainerResponse inspect = docker.inspectContainerCmd(containerId).exec();
        return inspect.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    // ---- what the container runtime can do to a pod (ContainerFaultsTest) ------------------------------

    /** The pod's (first) main container. */
    String container(Pod pod) {
        return pod.containerIds.values().iterator().next();
    }

    /** The pod's address on the network of {@code part}'s workload (where it reaches, or is reached as, that part). */
    String address(Pod pod, String part) {
        return pod.addresses.get(network(part));
    }

    /** The pod itself, at its address on its own workload's network (as a port-forward to it would reach it). */
    String url(Pod pod) {
        return "http://" + address(pod, pod.part()) + ":" + pod.port();
    }

    /** SIGKILL to the main container; the kubelet starts it again. */
    void kill(Pod pod) {
        docker.killContainerCmd(container(pod)).exec();
    }

    /**
     * Freezes every process of the main container (the cgroup freezer), until {@link #thaw}. The
     * freezer may fail to freeze a busy cgroup in runc's time ("unable to freeze"): runc then leaves it
     * running, and the freeze is asked for again.
     */
    void freeze(Pod pod) {
        for (int attempt = 1; ; attempt++) {
            try {
                docker.pauseContainerCmd(container(pod)).exec();
                return;
            } catch (RuntimeException e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("unable to freeze")) {
                    throw e;
                }
            }
        }
    }

    void thaw(Pod pod) {
        docker.unpauseContainerCmd(container(pod)).exec();
    }

    /** Cuts the pod off the network of {@code part}'s workload: a partition between the two. */
    void disconnect(Pod pod, String part) {
        docker.disconnectFromNetworkCmd().withNetworkId(network(part)).withContainerId(container(pod)).withForce(true).exec();
    }

    /** Joins the pod to that network again, with its address and names. */
    void reconnect(Pod pod, String part) {
        connect(pod, network(part), container(pod), "");
    }

    // ---- waiting and cleaning up -----------------------------------------------------------------------

    /** Waits until every pod is ready; fails naming the pods that are not, and why. */
    void awaitReady(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (pods.stream().anyMatch(p -> !p.ready)) {
            if (System.nanoTime() - deadline > 0) {
                StringBuilder why = new StringBuilder();
                pods.stream().filter(p -> !p.ready).forEach(p -> why.append("\n  ").append(p).append(": ").append(p.lastProbeFailure));
                throw new AssertionError("not ready within " + atMost.toSeconds() + " s:" + why);
            }
            Thread.sleep(500);
        }
    }

    /** The host ports 127.0.0.1:port that reach {@code part}'s pods (the published ports of what only the outside may reach). */
    List<String> entryUrls(String part, int containerPort) {
        return pods(part).stream().map(p -> "http://127.0.0.1:" + p.published.get(containerPort)).toList();
    }

    /** Keeps every container's log (under target/&lt;prefix&gt;-logs), then removes every container (init ones included) and network of this prefix. */
    @Override
    public void close() {
        closed = true;
        kubelets.values().forEach(Thread::interrupt);
        saveLogs(Path.of("target", prefix + "-logs"));
        removeAll();
    }

    private void saveLogs(Path dir) {
        try {
            Files.createDirectories(dir);
            for (var container : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.concurrency.chart-run", prefix)).exec()) {
                StringBuilder log = new StringBuilder();
                docker.logContainerCmd(container.getId()).withStdOut(true).withStdErr(true).withTimestamps(true)
                        .exec(new ResultCallback.Adapter<Frame>() {
                            @Override
                            public void onNext(Frame frame) {
                                log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                            }
                        }).awaitCompletion(30, TimeUnit.SECONDS);
                Files.writeString(dir.resolve(container.getNames()[0].replaceFirst("^/", "") + ".log"), log);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not keep the containers' logs: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeAll() {
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.concurrency.chart-run", prefix)).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
        networkNames().forEach(n -> {
            try {
                docker.removeNetworkCmd(n).exec();
            } catch (RuntimeException e) {
                // not there
            }
        });
    }

    private List<String> networkNames() {
        return pods.stream().flatMap(p -> p.networks.stream()).distinct().toList();
    }
}
