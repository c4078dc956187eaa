package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.OrderClient.Line;
import dev.concurrency.client.PointClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Faults in the middle of order sagas. Afterwards no order is PENDING, and stock, payments and
 * balances agree exactly (see {@link OrderBook}).
 */
class OrderFaultsTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();

    /** An order-service replica is killed (SIGKILL) while sagas run on it; the others' recovery finishes them. */
    @Test
    void killNineOfAnOrderReplicaMidSaga() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (ServiceCluster points = ServiceCluster.points(CONFIG, "orders-kill-9", Map.of());
             ServiceCluster orders = ServiceCluster.orders(CONFIG, "orders-kill-9", points, Map.of())) {
            Http http = new Http();
            List<OrderClient> replicas = orders.orderClients(http);
            PointClient pointClient = points.pointClients(http).get(0);
            OrderBook book = new OrderBook(replicas.get(0), pointClient);
            long a = book.product("k-A", 9, CONFIG.scaled(300));
            long b = book.product("k-B", 4, CONFIG.scaled(300));
            long[] members = OrderScenariosTest.members(book, "kill", 10, 1_000_000);
            int requests = CONFIG.scaled(240);
            int victim = replicas.size() - 1;

            LoadDriver.Run run = LoadDriver.over(replicas).clients(32).requests(requests)
                    .when(requests / 3, () -> orders.replica(victim).kill9())
                    .run((i, replica) -> replica.place(members[i % members.length],
                            i % 2 == 0 ? List.of(new Line(a, 1), new Line(b, 2)) : List.of(new Line(b, 1), new Line(a, 2))));

            ScenarioReport report = new ScenarioReport("fault.order-replica-kill-9", run);
            report.check(run.calls().stream().anyMatch(c -> !c.reply().answered()), "the kill did not land in the burst");
            report.checkEveryAnswer(r -> !r.answered() || r.status() == 201 || "INSUFFICIENT_STOCK".equals(r.code()),
                    "a surviving replica answered otherwise than 201 or INSUFFICIENT_STOCK");
            book.check(report, Duration.ofSeconds(90));
            PointScenariosTest.assertPasses(report, replicas.size());
        }
    }

    /**
     * Every point-service replica is stopped for ten seconds in the middle of a burst of orders,
     * then started again. Orders placed meanwhile answer 202 PENDING; once point-service is back the
     * recovery workers settle every one of them within a minute.
     */
    @Test
    void pointServiceDownForTenSecondsDuringABurst() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (ServiceCluster points = ServiceCluster.points(CONFIG, "point-outage", Map.of());
             ServiceCluster orders = ServiceCluster.orders(CONFIG, "point-outage", points, Map.of())) {
            Http http = new Http(Duration.ofSeconds(30));
            List<OrderClient> replicas = orders.orderClients(http);
            PointClient pointClient = points.pointClients(http).get(0);
            OrderBook book = new OrderBook(replicas.get(0), pointClient);
            long product = book.product("outage", 5, 100_000);
            long[] members = OrderScenariosTest.members(book, "outage", 10, 1_000_000);

            long[] backAt = new long[1];
            // The fault runs beside the load; its own failure fails the test (get below).
            CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
                ServiceReplica.pause(Duration.ofSeconds(3));
                points.replicas().parallelStream().forEach(ServiceReplica::stop);
                ServiceReplica.pause(Duration.ofSeconds(10));
                points.replicas().parallelStream().forEach(replica -> {
                    replica.restart();
                    replica.awaitReady(Duration.ofSeconds(120));
                });
                backAt[0] = System.nanoTime();
            });
            LoadDriver.Run run = LoadDriver.over(replicas).clients(12)
                    .forDuration(Duration.ofSeconds(18 + CONFIG.scale()), Duration.ofMillis(100))
                    .run((i, replica) -> replica.place(members[i % members.length], List.of(new Line(product, 1 + i % 3))));
            outage.get(300, TimeUnit.SECONDS);

            ScenarioReport report = new ScenarioReport("fault.point-service-down-10s", run);
            report.check(run.calls().stream().anyMatch(c -> c.reply().status() == 202), "no order was left PENDING by the outage");
            report.check(run.calls().stream().allMatch(c -> c.reply().status() == 201 || c.reply().status() == 202),
                    "an order got another answer: " + run.calls().stream().filter(c -> c.reply().status() != 201 && c.reply().status() != 202)
                            .limit(2).map(c -> c.reply().toString()).toList());
            book.check(report, Duration.ofSeconds(60));
            System.out.printf("point-service outage: %d orders answered 202 PENDING; all settled and checked %.1f s after it came back%n",
                    run.calls().stream().filter(c -> c.reply().status() == 202).count(), (System.nanoTime() - backAt[0]) / 1e9);
            PointScenariosTest.assertPasses(report, replicas.size());
        }
    }
}
