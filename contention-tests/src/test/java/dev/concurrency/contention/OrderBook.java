package dev.concurrency.contention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The invariants of orders, checked through the APIs once every saga has settled:
 * <ul>
 *   <li>no order stays PENDING;</li>
 *   <li>per product: stock + completed quantities = initial stock + restocked, never negative;</li>
 *   <li>every COMPLETED order has exactly one PAID payment {@code order-{id}}; no CANCELLED order has one;</li>
 *   <li>every member's balance = what was charged − the totals of their completed orders, and the ledger adds up.</li>
 * </ul>
 */
final class OrderBook {

    private final OrderClient orders;
    private final PointClient points;
    /** Payments and holds are read as a service, from point-service itself (not through an entry point). */
    private final PointClient servicePoints;
    private final Map<Long, Long> initialStock = new HashMap<>();
    private final Map<Long, Long> restocked = new HashMap<>();
    private final Map<Long, Long> charged = new HashMap<>();

    OrderBook(OrderClient orders, PointClient points) {
        this.orders = orders;
        this.points = points;
        this.servicePoints = SuiteConfig.load().servicePoints(points);
    }

    long product(String name, long price, long stock) {
        long id = orders.newProduct(name, price, stock);
        initialStock.put(id, stock);
        return id;
    }

    long member(String name, long points) {
        long id = this.points.newMember(name);
        if (points > 0) {
            Reply charge = this.points.charge(id, points);
            if (!charge.ok()) {
                throw new AssertionError("charging member " + id + ": " + charge);
            }
        }
        charged.put(id, points);
        return id;
    }

    void restocked(long productId, long quantity) {
        restocked.merge(productId, quantity, Long::sum);
    }

    /** Waits (bounded) until none of the members' orders is PENDING; returns all their orders. */
    List<JsonNode> settled(ScenarioReport report, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            List<JsonNode> all = new ArrayList<>();
            charged.keySet().forEach(member -> all.addAll(orders.ordersOf(member)));
            long pending = all.stream().filter(o -> o.get("status").asText().equals("PENDING")).count();
            if (pending == 0) {
                return all;
            }
            if (System.nanoTime() > deadline) {
                report.violation(pending + " orders still PENDING after " + atMost);
                return all;
            }
            ServiceReplica.pause(Duration.ofMillis(250));
        }
    }

    void check(ScenarioReport report, Duration settleWithin) {
        List<JsonNode> all = settled(report, settleWithin);
        Map<Long, Long> completedQuantity = new HashMap<>();
        Map<Long, Long> spent = new HashMap<>();
        for (JsonNode order : all) {
            long id = order.get("id").asLong();
            String status = order.get("status").asText();
            Reply payment = servicePoints.get("/payments/order-" + id);
            String paymentStatus = payment.status() == 200 ? payment.body().get("status").asText() : "NONE";
            if (status.equals("COMPLETED")) {
                report.check(paymentStatus.equals("PAID"), "completed order " + id + " has payment " + paymentStatus);
                report.check(payment.status() != 200 || payment.number("amount") == order.get("totalAmount").asLong(),
                        "order " + id + " was paid a different amount");
                spent.merge(order.get("memberId").asLong(), order.get("totalAmount").asLong(), Long::sum);
                order.get("items").forEach(item ->
                        completedQuantity.merge(item.get("productId").asLong(), item.get("quantity").asLong(), Long::sum));
            } else if (status.equals("CANCELLED")) {
                report.check(!paymentStatus.equals("PAID"), "cancelled order " + id + " is still paid");
            }
        }
        for (Map.Entry<Long, Long> product : initialStock.entrySet()) {
            long stock = orders.stock(product.getKey());
            long expected = product.getValue() + restocked.getOrDefault(product.getKey(), 0L)
                    - completedQuantity.getOrDefault(product.getKey(), 0L);
            report.check(stock >= 0, "product " + product.getKey() + " has negative stock " + stock);
            report.check(stock == expected, "product " + product.getKey() + ": stock " + stock + " but initial + restocked - completed = " + expected);
        }
        for (Map.Entry<Long, Long> member : charged.entrySet()) {
            long balance = PointOps.checkLedger(report, points, member.getKey());
            long expected = member.getValue() - spent.getOrDefault(member.getKey(), 0L);
            report.check(balance == expected, "member " + member.getKey() + ": balance " + balance + " but charged - completed = " + expected);
        }
    }
}
