package dev.concurrency.chart;

import dev.concurrency.client.auth.Tokens;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chart's workloads as containers ({@link DockerPods}), rendered with the values of `make kind-up`
 * (k8s/kind-values.yaml) and the images' tag, started once per test run for every class
 * that extends with this, and removed when the run ends. Tokens are signed with the key pair handed to
 * the pods as the chart's auth Secret; the key file and issuer are also set as the contention suite's
 * {@code contention.auth.*} properties, so {@link Tokens#shared()} signs with the same key.
 *
 * <p>Needs a Docker engine and the images: `make chart-run` builds them (scripts/images.sh,
 * scripts/base-images.sh) and runs the classes with {@code -Dchart.run=true}.
 */
final class RunningChart implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    static final Path ROOT = Chart.DIR.getParent().getParent();
    private static RunningChart running;
    /** Why the chart did not start: the classes after the first fail with it instead of starting again. */
    private static Exception failed;

    private DockerPods pods;
    private Tokens tokens;

    static synchronized DockerPods pods() {
        if (running == null) {
            throw new IllegalStateException("the chart is not running: extend the test class with RunningChart");
        }
        return running.pods;
    }

    static synchronized Tokens tokens() {
        pods();
        return running.tokens;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (RunningChart.class) {
            if (running != null) {
                return;
            }
            if (failed != null) {
                throw new IllegalStateException("the chart did not start for an earlier class", failed);
            }
            RunningChart chart = new RunningChart();
            // closed when the whole run ends, after every class that uses it
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(RunningChart.class, chart);
            try {
                chart.start();
            } catch (Exception | AssertionError e) {
                failed = e instanceof Exception ex ? ex : new IllegalStateException(e);
                throw e;
            }
            running = chart;
        }
    }

    private void start() throws Exception {
        tokens = Tokens.generated(Chart.ISSUER);
        Path privateKey = Path.of(URI.create(tokens.serviceConfig().get("smallrye.jwt.sign.key.location")));
        System.setProperty(Tokens.PRIVATE_KEY_PROPERTY, privateKey.toString());
        System.setProperty("contention.auth.issuer", Chart.ISSUER);

        String tag = script("images.sh", "tag");
        // the values `make kind-up` deploys with: the settings the contention suite's scenarios expect
        Rendered chart = Chart.renderWithValues(Files.readString(ROOT.resolve("k8s").resolve("kind-values.yaml"))
                + "\nimage:\n  tag: \"" + tag + "\"\n");
        Map<String, String> images = Map.of(
                "mysql:8.4", script("base-images.sh", "mysql"),
                "redis:7.4-alpine", script("base-images.sh", "redis"),
                "nginxinc/nginx-unprivileged:1.28-alpine", script("base-images.sh", "nginx"));
        Map<String, Map<String, String>> secrets = Map.of(Chart.KEY_SECRET, Map.of(
                "public.pem", tokens.publicKeyPem(),
                "private.pem", Files.readString(privateKey, StandardCharsets.UTF_8)));
        pods = new DockerPods(chart, images, secrets, "cc-run");
        pods.start();
        pods.awaitReady(Duration.ofMinutes(8));
    }

    @Override
    public void close() {
        synchronized (RunningChart.class) {
            if (pods != null) {
                pods.close();
            }
            running = null;
        }
    }

    /** Runs one of the repository's scripts; its last line of output. */
    static String script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts").resolve(name).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), String.join(" ", command) + " failed");
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
