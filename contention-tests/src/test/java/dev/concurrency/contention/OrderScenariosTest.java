package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.OrderClient.Line;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Orders under contention: replicas of order-service and of point-service, all real processes,
 * fighting over the same products and members; the saga's invariants are checked afterwards.
 */
class OrderScenariosTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();
    static final Duration SETTLE = Duration.ofSeconds(60);
    static ServiceCluster pointCluster;
    static ServiceCluster orderCluster;
    static List<OrderClient> orderReplicas;
    static PointClient points;

    @BeforeAll
    static void start() {
        pointCluster = ServiceCluster.points(CONFIG, "orders", Map.of());
        orderCluster = ServiceCluster.orders(CONFIG, "orders", pointCluster, Map.of());
        Http http = new Http();
        orderReplicas = orderCluster.orderClients(http);
        points = pointCluster.pointClients(http).get(0);
    }

    @AfterAll
    static void stop() {
        if (orderCluster != null) {
            orderCluster.close();
        }
        if (pointCluster != null) {
            pointCluster.close();
        }
    }

    /** A hot product with stock N and many more orders: exactly N complete, stock ends at 0. */
    @Test
    void hotProductSellsExactlyItsStock() throws Exception {
        OrderBook book = new OrderBook(orderReplicas.get(0), points);
        int stock = CONFIG.scaled(40);
        long product = book.product("hot", 10, stock);
        long[] members = members(book, "hot", 10, 1_000_000);
        LoadDriver.Run run = orders().clients(48).requests(stock * 4)
                .run((i, replica) -> replica.place(members[i % members.length], List.of(new Line(product, 1))));

        ScenarioReport report = new ScenarioReport("orders.hot-product", run);
        long completed = run.calls().stream().filter(c -> c.reply().status() == 201).count();
        report.check(completed == stock, completed + " orders completed for a stock of " + stock);
        report.check(run.calls().stream().allMatch(c -> c.reply().status() == 201 || "INSUFFICIENT_STOCK".equals(c.reply().code())),
                "an order failed otherwise than for stock");
        book.check(report, SETTLE);
        report.check(orderReplicas.get(0).stock(product) == 0, "stock did not end at 0");
        assertPasses(report);
    }

    /**
     * A burst: 200 single-item orders of one product with stock 50, released together over every
     * replica. Exactly 50 complete and 150 are refused INSUFFICIENT_STOCK: none 503, none left
     * PENDING; stock ends at 0 and every completed order is paid once.
     */
    @Test
    void aBurstOfOrdersOnOneProductSellsExactlyItsStock() throws Exception {
        OrderBook book = new OrderBook(orderReplicas.get(0), points);
        int stock = 50;
        int orders = 200;
        long product = book.product("burst", 10, stock);
        long[] members = members(book, "burst", 10, 1_000_000);
        LoadDriver.Run run = orders().clients(orders).requests(orders)
                .run((i, replica) -> replica.place(members[i % members.length], List.of(new Line(product, 1))));

        ScenarioReport report = new ScenarioReport("orders.burst-one-product", run);
        long completed = run.calls().stream().filter(c -> c.reply().status() == 201).count();
        long refused = run.calls().stream().filter(c -> "INSUFFICIENT_STOCK".equals(c.reply().code())).count();
        report.check(completed == stock, completed + " orders completed for a stock of " + stock);
        report.check(refused == orders - stock, refused + " orders refused INSUFFICIENT_STOCK, expected " + (orders - stock)
                + "; others: " + run.calls().stream().map(LoadDriver.Call::reply)
                .filter(r -> r.status() != 201 && !"INSUFFICIENT_STOCK".equals(r.code())).limit(3).toList());
        book.check(report, SETTLE);
        report.check(orderReplicas.get(0).stock(product) == 0, "stock did not end at 0");
        assertPasses(report);
    }

    /** A burst of 120 orders over the same two products, half [A,B] and half [B,A], with stock for all: all complete. */
    @Test
    void aBurstOfOrdersOverTwoProductsInBothItemOrdersAllComplete() throws Exception {
        OrderBook book = new OrderBook(orderReplicas.get(0), points);
        int orders = 120;
        long a = book.product("burst-A", 7, orders);
        long b = book.product("burst-B", 11, orders);
        long[] members = members(book, "burst-ab", 10, 1_000_000);
        LoadDriver.Run run = orders().clients(orders).requests(orders).run((i, replica) -> replica.place(members[i % members.length],
                i % 2 == 0 ? List.of(new Line(a, 1), new Line(b, 1)) : List.of(new Line(b, 1), new Line(a, 1))));

        ScenarioReport report = new ScenarioReport("orders.burst-ab-ba", run);
        report.check(run.calls().stream().allMatch(c -> c.reply().status() == 201), "orders of the burst not completed, e.g. "
                + run.calls().stream().map(LoadDriver.Call::reply).filter(r -> r.status() != 201).limit(3).toList());
        book.check(report, SETTLE);
        report.check(orderReplicas.get(0).stock(a) == 0 && orderReplicas.get(0).stock(b) == 0, "stock did not end at 0");
        assertPasses(report);
    }

    /** Mixed quantities on two products, written in both item orders ([A,B] and [B,A]): no deadlock, nothing oversold. */
    @Test
    void mixedQuantitiesInBothItemOrdersNeverDeadlock() throws Exception {
        OrderBook book = new OrderBook(orderReplicas.get(0), points);
        long a = book.product("A", 7, CONFIG.scaled(150));
        long b = book.product("B", 11, CONFIG.scaled(150));
        long[] members = members(book, "ab", 10, 1_000_000);
        LoadDriver.Run run = orders().clients(48).requests(CONFIG.scaled(200)).run((i, replica) -> {
            int qa = 1 + i % 3;
            int qb = 1 + i % 5;
            List<Line> lines = i % 2 == 0 ? List.of(new Line(a, qa), new Line(b, qb)) : List.of(new Line(b, qb), new Line(a, qa));
            return replica.place(members[i % members.length], lines);
        });

        ScenarioReport report = new ScenarioReport("orders.mixed-ab-ba", run);
        report.check(run.calls().stream().allMatch(c -> c.reply().status() == 201 || "INSUFFICIENT_STOCK".equals(c.reply().code())),
                "an order failed otherwise than for stock (a deadlock or lock timeout would show here): "
                        + run.calls().stream().filter(c -> c.reply().status() != 201 && !"INSUFFICIENT_STOCK".equals(c.reply().code()))
                        .limit(2).map(c -> c.reply().toString()).toList());
        book.check(report, SETTLE);
        assertPasses(report);
    }

    /** Members without enough points: their orders are cancelled and the stock comes back. */
    @Test
    void poorMembersOrdersAreCancelledAndStockRestored() throws Exception {
        OrderBook book = new OrderBook(orderReplicas.get(0), points);
        long product = book.product("pricey", 100, CONFIG.scaled(1_000));
        long[] rich = members(book, "rich", 5, 1_000_000);
        long[] poor = members(book, "poor", 5, 250);
        LoadDriver.Run run = orders().clients(48).requests(CONFIG.scaled(200)).run((i, replica) ->
                replica.place(i % 2 == 0 ? rich[i % rich.length] : poor[i % poor.length], List.of(new Line(product, 1))));

        ScenarioReport report = new ScenarioReport("orders.insufficient-points", run);
        for (LoadDriver.Call call : run.calls()) {
            Reply reply = call.reply();
            if (reply.status() == 409) {
                report.check("INSUFFICIENT_POINTS".equals(reply.code()) && reply.body().has("orderId"),
                        "refusal without INSUFFICIENT_POINTS and orderId: " + reply);
            } else {
                report.check(reply.status() == 201, "unexpected answer " + reply);
            }
        }
        report.check(run.calls().stream().anyMatch(c -> "INSUFFICIENT_POINTS".equals(c.reply().code())), "nobody ran out of points");
        book.check(report, SETTLE);
        assertPasses(report);
    }

    /** Each completed order is cancelled from several replicas at once: refunded once, stock restored once. */
    @Test
    void concurrentCancelsRefundOnce() throws Exception {
        OrderBook book = new OrderBook(orderReplicas.get(0), points);
        long product = book.product("returns", 5, 1_000);
        long[] members = members(book, "returns", 5, 100_000);
        int orderCount = CONFIG.scaled(30);
        List<Long> placed = new ArrayList<>();
        for (int i = 0; i < orderCount; i++) {
            Reply order = orderReplicas.get(i % orderReplicas.size()).place(members[i % members.length], List.of(new Line(product, 2)));
            if (order.status() != 201) {
                throw new AssertionError("could not place order: " + order);
            }
            placed.add(order.number("id"));
        }
        int repeats = 5;
        LoadDriver.Run run = orders().clients(48).requests(orderCount * repeats)
                .run((i, replica) -> replica.cancel(members[(i % orderCount) % members.length], placed.get(i % orderCount)));

        ScenarioReport report = new ScenarioReport("orders.concurrent-cancels", run);
        report.check(run.calls().stream().allMatch(c -> c.reply().status() == 200
                        && c.reply().body().get("status").asText().equals("CANCELLED")),
                "a cancel was not answered 200 CANCELLED: " + run.calls().stream().filter(c -> c.reply().status() != 200).limit(2).toList());
        for (long member : members) {
            long refunds = points.ledger(member).stream().filter(e -> e.get("type").asText().equals("REFUND")).count();
            long orders = placed.stream().filter(id -> orderReplicas.get(0).order(id).body().get("memberId").asLong() == member).count();
            report.check(refunds == orders, "member " + member + " got " + refunds + " refunds for " + orders + " cancelled orders");
        }
        book.check(report, SETTLE);
        report.check(orderReplicas.get(0).stock(product) == 1_000, "stock not fully restored");
        assertPasses(report);
    }

    /** Restocks while orders run: stock = initial + restocked − completed. */
    @Test
    void restockDuringOrders() throws Exception {
        OrderBook book = new OrderBook(orderReplicas.get(0), points);
        long product = book.product("restocked", 3, 20);
        long[] members = members(book, "restock", 10, 1_000_000);
        LoadDriver.Run run = orders().clients(48).requests(CONFIG.scaled(300)).run((i, replica) ->
                i % 5 == 0 ? replica.restock(product, 3) : replica.place(members[i % members.length], List.of(new Line(product, 1))));

        ScenarioReport report = new ScenarioReport("orders.restock-during-orders", run);
        for (LoadDriver.Call call : run.calls()) {
            if (call.index() % 5 == 0) {
                report.check(call.reply().status() == 200, "restock failed: " + call.reply());
                book.restocked(product, 3);
            } else {
                report.check(call.reply().status() == 201 || "INSUFFICIENT_STOCK".equals(call.reply().code()), "unexpected " + call.reply());
            }
        }
        book.check(report, SETTLE);
        assertPasses(report);
    }

    static LoadDriver<OrderClient> orders() {
        return LoadDriver.over(orderReplicas);
    }

    static long[] members(OrderBook book, String name, int count, long points) {
        long[] members = new long[count];
        for (int m = 0; m < count; m++) {
            members[m] = book.member(name + "-" + m, points);
        }
        return members;
    }

    static void assertPasses(ScenarioReport report) {
        PointScenariosTest.assertPasses(report, orderReplicas.size());
    }
}
