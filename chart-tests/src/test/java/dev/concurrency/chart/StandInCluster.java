package dev.concurrency.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes API as far as the chart's `lookup` of Secrets needs it, on 127.0.0.1 in the test JVM.
 * helm-java renders like `helm install --dry-run`, not like `helm template`: Helm's lookup then asks
 * the cluster of the kubeconfig. Surefire points KUBECONFIG at the file this writes, so no render
 * ever reaches a real cluster (nor whatever listens on localhost:8080, the default server, which on
 * a machine running `make kind-up` is the gateway). It knows no Secret unless a test puts one in.
 */
final class StandInCluster {

    private static final Pattern SECRET = Pattern.compile("/api/v1/namespaces/([^/]+)/secrets/([^/]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Secrets by "namespace/name", as the API returns them (data values base64). */
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();

    private StandInCluster() {
    }

    /** Starts one and writes the kubeconfig Helm reads (KUBECONFIG, set by surefire to the chart.kubeconfig property). */
    static StandInCluster start() {
        StandInCluster cluster = new StandInCluster();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", cluster::answer);
            server.setExecutor(null);
            server.start();
            String kubeconfig = """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: stand-in, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: nobody, user: {}}]
                    contexts: [{name: stand-in, context: {cluster: stand-in, user: nobody}}]
                    current-context: stand-in
                    """.formatted(server.getAddress().getPort());
            Path file = Path.of(System.getProperty("chart.kubeconfig", "target/stand-in-kubeconfig"));
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stand-in API server", e);
        }
        return cluster;
    }

    /** Makes the Secret exist, as an earlier install would have left it. */
    void putSecret(String namespace, String name, Map<String, String> data) {
        secrets.put(namespace + "/" + name, Map.copyOf(data));
    }

    void clear() {
        secrets.clear();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Matcher secret = SECRET.matcher(path);
        if (path.equals("/api/v1")) {
            // discovery: lookup finds the resource of kind Secret here
            reply(exchange, 200, Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", "v1",
                    "resources", new Object[] {Map.of("name", "secrets", "singularName", "secret", "namespaced", true,
                            "kind", "Secret", "verbs", new String[] {"get", "list"})}));
        } else if (exchange.getRequestMethod().equals("GET") && secret.matches() && secrets.containsKey(secret.group(1) + "/" + secret.group(2))) {
            reply(exchange, 200, Map.of("kind", "Secret", "apiVersion", "v1", "type", "Opaque",
                    "metadata", Map.of("name", secret.group(2), "namespace", secret.group(1)),
                    "data", secrets.get(secret.group(1) + "/" + secret.group(2))));
        } else {
            // what the API answers for anything it does not have; lookup turns it into an empty map
            reply(exchange, 404, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "reason", "NotFound", "code", 404,
                    "message", path + " not found"));
        }
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
