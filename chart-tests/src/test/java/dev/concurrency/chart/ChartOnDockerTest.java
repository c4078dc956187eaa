package dev.concurrency.chart;

import dev.concurrency.client.Http;
import dev.concurrency.client.Reply;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.auth.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * <p>`make chart-run` runs it ({@link RunningChart}); a plain `make test` skips it.
 */
@EnabledIfSystemProperty(named = "chart.run", matches = "true")
@ExtendWith(RunningChart.class)
class ChartOnDockerTest {

    private final DockerPods pods = RunningChart.pods();
    private final Tokens tokens = RunningChart.tokens();

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
                String container = pods.container(pods.pods(service).get(0));
                int exit = pods.exec(container, List.of("bash", "-c", "exec 3<>/dev/tcp/" + database + "/3306"), Duration.ofSeconds(10));
                if (service.startsWith(owner)) {
                    assertEquals(0, exit, service + " must reach " + database);
                } else {
                    assertNotEquals(0, exit, service + " must not reach " + database);
                }
            }
        }
    }

    /**
     * The NetworkPolicy of point-service, as far as Docker networks mirror it: order-service,
     * auction-service and the entry point reach it; the databases and Redis do not. (A Docker network
     * also lets point-service open connections to them: that direction only the offline check covers.)
     */
    @Test
    void pointServiceAnswersOnlyOrderAuctionAndTheEntryPoint() throws InterruptedException {
        String target = Chart.RELEASE + "-point-service";
        int port = pods.pods("point-service").get(0).port();
        Map<String, Boolean> expected = new java.util.TreeMap<>(Map.of(
                "order-service", true, "auction-service", true, "gateway", true,
                "redis", false, "point-db", false, "order-db", false, "auction-db", false));
        Map<String, Boolean> seen = new java.util.TreeMap<>();
        for (String from : expected.keySet()) {
            String container = pods.container(pods.pods(from).get(0));
            int exit = pods.exec(container, List.of("bash", "-c", "exec 3<>/dev/tcp/" + target + "/" + port), Duration.ofSeconds(10));
            seen.put(from, exit == 0);
        }
        assertEquals(expected, seen, "who reaches " + target + ":" + port);
    }
}
