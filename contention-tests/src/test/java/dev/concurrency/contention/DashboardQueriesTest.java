package dev.concurrency.contention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concurrency.client.AuctionClient;
import dev.concurrency.client.Http;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.OrderClient.Line;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard against a real Prometheus (Debian's package): Prometheus scrapes 3 replicas
 * of each service while they serve a short contention scenario, then every PromQL expression of the
 * dashboard runs through Prometheus's HTTP API and must return data, so that no panel is silently
 * empty (a metric renamed, a label the services do not have, a typo).
 */
class DashboardQueriesTest {

    static final Path DASHBOARD = Path.of(System.getProperty("dashboard.file", "../helm/concurrency-commerce/dashboards/concurrency-commerce.json"));
    static final Path PROMETHEUS = Path.of(System.getProperty("dashboard.prometheus", "/usr/bin/prometheus"));
    /** Long enough for two scrapes of every series after it first appears, on a busy machine too. */
    static final Duration QUERIES_ANSWER_WITHIN = Duration.ofSeconds(120);
    static final SuiteConfig CONFIG = SuiteConfig.load();
    static final ObjectMapper JSON = new ObjectMapper();
    /** One client for every query of the polling loop (24 queries a second). */
    static final HttpClient PROMETHEUS_API = HttpClient.newHttpClient();

    static ServiceCluster pointCluster;
    static ServiceCluster orderCluster;
    static ServiceCluster auctionCluster;
    static Process prometheus;
    static URI prometheusUrl;
    static Path workDir;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeFalse(CONFIG.external(), "the dashboard check starts its own replicas and its own Prometheus");
        assertTrue(Files.isExecutable(PROMETHEUS), "no Prometheus at " + PROMETHEUS + " (apt-get install prometheus; .ci/run does)");
        pointCluster = ServiceCluster.points(CONFIG, "dashboard", Map.of());
        orderCluster = ServiceCluster.orders(CONFIG, "dashboard", pointCluster, Map.of());
        auctionCluster = ServiceCluster.auctions(CONFIG, "dashboard", pointCluster, Map.of());
        // kept for a look after a failure (its log, its configuration); the next run starts afresh
        workDir = Path.of("target", "dashboard-prometheus").toAbsolutePath();
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = workDir.resolve("prometheus.yml");
        StringBuilder yaml = new StringBuilder("global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n");
        for (ServiceCluster cluster : List.of(pointCluster, orderCluster, auctionCluster)) {
            // job = the service's name, as the chart's ServiceMonitor gives it (jobLabel app.kubernetes.io/name)
            yaml.append("  - job_name: ").append(cluster.service()).append("\n    metrics_path: /q/metrics\n    static_configs:\n      - targets: [");
            yaml.append(String.join(", ", cluster.metricsUrls().stream().map(url -> "'" + URI.create(url).getAuthority() + "'").toList()));
            yaml.append("]\n");
        }
        Files.writeString(config, yaml);
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(workDir.resolve("prometheus.log").toFile()).start();
        Reaper.track(prometheus.pid());
        prometheusUrl = URI.create("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.destroy();
        }
        for (ServiceCluster cluster : new ServiceCluster[] {auctionCluster, orderCluster, pointCluster}) {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void everyQueryOfTheDashboardReturnsDataFromThreeReplicasOfEachService() throws Exception {
        Http http = new Http();
        serveAShortContentionScenario(http);

        int replicas = pointCluster.size() + orderCluster.size() + auctionCluster.size();
        Map<String, String> queries = dashboardQueries();
        Map<String, String> empty = new LinkedHashMap<>(queries);
        long deadline = System.nanoTime() + QUERIES_ANSWER_WITHIN.toNanos();
        int up = 0;
        while ((!empty.isEmpty() || up < replicas) && System.nanoTime() < deadline) {
            up = query("sum(up)").path(0).path("value").path(1).asInt(0);
            empty.entrySet().removeIf(panel -> !query(panel.getValue()).isEmpty());
            if (!empty.isEmpty()) {
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // the next scrape
            }
        }
        assertEquals(replicas, up, "replicas Prometheus scraped successfully (log: " + workDir.resolve("prometheus.log") + ")");
        assertEquals(Map.of(), empty, "dashboard queries that returned no data within " + QUERIES_ANSWER_WITHIN.toSeconds()
                + " s (panel: expression)");
        assertTrue(queries.size() >= 15, queries.size() + " queries");
        JsonNode perReplica = query("sum by (instance) (rate(dlock_wait_seconds_count{outcome=\"acquired\",family=\"member\"}[1m]))");
        assertEquals(pointCluster.size(), perReplica.size(), "point-service replicas that took a member's lock: " + perReplica);
        String screenshot = System.getProperty("dashboard.screenshot", "");
        if (!screenshot.isBlank()) {
            long until = System.nanoTime() + Duration.ofSeconds(100).toNanos(); // traffic across the pictured 2 minutes
            while (System.nanoTime() < until) {
                serveAShortContentionScenario(http);
            }
            screenshot(Path.of(screenshot).toAbsolutePath(), queries);
        }
    }

    /** Panels of the dashboard the README's picture shows, as Prometheus graphs (no Grafana here). */
    static final List<String> PICTURED = List.of("Lock wait p99 / A", "Operations per batch (mean) / A",
            "Lock acquisitions per replica / A", "Refusals and failures by code (409s by reason, 503s) / A");

    /**
     * With -Ddashboard.screenshot=<png>: Prometheus's own graph page of some of the dashboard's queries,
     * taken by headless Chromium (Debian's package) once the scenario's traffic is in (the README's picture).
     */
    private static void screenshot(Path png, Map<String, String> queries) throws Exception {
        StringBuilder url = new StringBuilder(prometheusUrl + "/graph?");
        for (int i = 0; i < PICTURED.size(); i++) {
            String expr = queries.get(PICTURED.get(i));
            assertTrue(expr != null, "no dashboard query " + PICTURED.get(i));
            url.append(i == 0 ? "" : "&").append("g").append(i).append(".expr=").append(URLEncoder.encode(expr, StandardCharsets.UTF_8))
                    .append("&g").append(i).append(".tab=0&g").append(i).append(".range_input=2m&g").append(i).append(".stacked=0");
        }
        Files.createDirectories(png.getParent());
        new HeadlessChromium(Path.of(System.getProperty("dashboard.chromium", "/usr/bin/chromium")), workDir)
                .run(url.toString(), "--window-size=1400,3300", "--virtual-time-budget=20000", "--screenshot=" + png);
    }

    /**
     * Every kind of traffic the panels show: a burst on one member from every point replica, a
     * refusal and an idempotent repeat, more orders than stock, a bid race on one price.
     */
    private static void serveAShortContentionScenario(Http http) throws Exception {
        List<PointClient> points = pointCluster.pointClients(http);
        long hot = points.get(0).newMember("dashboard-hot");
        LoadDriver.over(points).clients(60).requests(300).run((i, replica) -> replica.charge(hot, 1));
        long poor = points.get(0).newMember("dashboard-poor");
        expect(409, points.get(1).use(poor, 10));
        expect(200, points.get(2).charge(poor, 5, "dashboard-repeat"));
        expect(200, points.get(0).charge(poor, 5, "dashboard-repeat"));

        List<OrderClient> orders = orderCluster.orderClients(http);
        OrderBook book = new OrderBook(orders.get(0), points.get(0));
        long product = book.product("dashboard", 10, 20);
        long buyer = book.member("dashboard-buyer", 1_000_000);
        LoadDriver.over(orders).clients(30).requests(60).run((i, replica) -> replica.place(buyer, List.of(new Line(product, 1))));

        List<AuctionClient> auctions = auctionCluster.auctionClients(http);
        AuctionBook auctionBook = new AuctionBook(auctions.get(0), points.get(0));
        long seller = auctionBook.member("dashboard-seller", 0);
        long auction = auctionBook.auction(seller, 100, 10, Instant.now().plus(Duration.ofDays(1)));
        long[] bidders = auctionBook.members("dashboard-bidder", 30, 10_000);
        LoadDriver.over(auctions).clients(30).requests(30).run((i, replica) -> replica.bid(auction, bidders[i], 110, 100L));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void expect(int status, Reply reply) {
        assertEquals(status, reply.status(), () -> "the scenario's request was answered " + reply);
    }

    /** Every target expression of every panel, by "panel title / refId", with Grafana's interval variable set. */
    private static Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asText() + " / " + target.path("refId").asText(),
                        target.path("expr").asText().replace("$__rate_interval", "1m"));
            }
        }
        return queries;
    }

    /** The result vector of an instant query; fails on anything but a successful answer. */
    private static JsonNode query(String promql) {
        URI uri = prometheusUrl.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = PROMETHEUS_API.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                return JSON.createArrayNode(); // Prometheus still starting
            }
            JsonNode body = JSON.readTree(response.body());
            assertEquals("success", body.path("status").asText(), () -> promql + " answered " + response.statusCode() + " " + response.body());
            return body.path("data").path("result");
        } catch (IOException e) {
            return JSON.createArrayNode(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
