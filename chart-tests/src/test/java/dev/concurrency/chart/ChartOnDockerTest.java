package dev.concurrency.chart;

import dev.concurrency.client.Http;
import dev.concurrency.client.Reply;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.auth.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's workloads as containers ({@link DockerPods}): every pod of the default values (3
 * replicas of each service, 2 of the entry point) starts with its pod spec's security settings and
 * becomes ready by its own probes; the entry point serves the API and keeps the internal paths in;
 * each database answers only its own service.
 *
 * <p>Needs a Docker engine and the images: `make chart-run` builds them (scripts/images.sh,
 * scripts/base-images.sh) and runs this with {@code -Dchart.run=true}; a plain `make test` skips it.
 */
@EnabledIfSystemProperty(named = "chart.run", matches = "true")
class ChartOnDockerTest {

    private static final Path ROOT = Chart.DIR.getParent().getParent();
    private static DockerPods pods;
    private static Tokens tokens;

    @BeforeAll
    static void start() throws Exception {
        tokens = Tokens.generated(Chart.ISSUER);
        String tag = script("images.sh", "tag");
        Rendered chart = Chart.render(Map.of("image.tag", tag));
        Map<String, String> images = Map.of(
                "mysql:8.4", script("base-images.sh", "mysql"),
                "redis:7.4-alpine", script("base-images.sh", "redis"),
                "nginxinc/nginx-unprivileged:1.28-alpine", script("base-images.sh", "nginx"));
        Map<String, Map<String, String>> secrets = Map.of(Chart.KEY_SECRET, Map.of(
                "public.pem", tokens.publicKeyPem(),
                "private.pem", Files.readString(Path.of(java.net.URI.create(tokens.serviceConfig().get("smallrye.jwt.sign.key.location"))),
                        StandardCharsets.UTF_8)));
        pods = new DockerPods(chart, images, secrets, "cc-run");
        pods.start();
        pods.awaitReady(Duration.ofMinutes(8));
    }

    @AfterAll
    static void stop() {
        if (pods != null) {
            pods.close();
        }
    }

    @Test
    void everyWorkloadOfTheChartRunsAndIsReady() {
        Map<String, Long> perWorkload = new java.util.TreeMap<>();
        pods.pods().forEach(p -> perWorkload.merge(p.part(), 1L, Long::sum));
        assertEquals(Map.of("point-service", 3L, "order-service", 3L, "auction-service", 3L, "gateway", 2L,
                "point-db", 1L, "order-db", 1L, "auction-db", 1L, "redis", 1L), perWorkload);
        assertTrue(pods.pods().stream().allMatch(p -> p.ready));
    }

    @Test
    void theEntryPointServesTheApiWithTokensAndKeepsTheInternalPathsIn() {
        Http http = new Http(Duration.ofSeconds(30), tokens);
        for (String entry : pods.entryUrls("gateway", 8080)) {
            Reply created = http.post(entry + "/members", "{\"name\":\"through-the-gateway\"}", null, Identity.admin());
            assertEquals(201, created.status(), "POST /members through " + entry + ": " + created);
            long id = created.number("id");
            Reply points = http.get(entry + "/members/" + id + "/points", Identity.member(id));
            assertEquals(200, points.status(), points.toString());
            Reply anonymous = http.get(entry + "/members/" + id + "/points", Identity.ANONYMOUS);
            assertEquals(401, anonymous.status(), anonymous.toString());
            for (String internal : List.of("/payments/order-1", "/holds/bid-1")) {
                Reply hidden = http.get(entry + internal, Identity.service());
                assertEquals(404, hidden.status(), "the entry point must not route " + internal + ": " + hidden);
            }
        }
    }

    @Test
    void eachDatabaseAnswersOnlyItsOwnService() throws InterruptedException {
        for (String owner : List.of("point", "order", "auction")) {
            String database = Chart.RELEASE + "-" + owner + "-db";
            for (String service : List.of("point-service", "order-service", "auction-service")) {
                String container = pods.pods(service).get(0).containerIds.values().iterator().next();
                int exit = pods.exec(container, List.of("bash", "-c", "exec 3<>/dev/tcp/" + database + "/3306"), Duration.ofSeconds(10));
                if (service.startsWith(owner)) {
                    assertEquals(0, exit, service + " must reach " + database);
                } else {
                    assertNotEquals(0, exit, service + " must not reach " + database);
                }
            }
        }
    }

    private static String script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("scripts").resolve(name).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), String.join(" ", command) + " failed");
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
