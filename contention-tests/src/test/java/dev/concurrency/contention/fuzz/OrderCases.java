package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.contention.fuzz.Conformance.Checked;
import dev.concurrency.contention.fuzz.Keys.Key;
import dev.concurrency.contention.fuzz.Value.Validity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.concurrency.contention.fuzz.Value.INVALID_AMOUNT;
import static dev.concurrency.contention.fuzz.Value.INVALID_REQUEST;
import static dev.concurrency.contention.fuzz.World.MAX_AMOUNT;
import static dev.concurrency.contention.fuzz.World.STOCK_LIMIT;

/** Generated cases against order-service (docs/api.md#order-service): products, stock, orders all or nothing. */
final class OrderCases {

    private final World world;

    OrderCases(World world) {
        this.world = world;
    }

    /** Products a case may restock or order: all of the suite's but the expensive one, whose orders may wait (pending fix 3). */
    private List<Long> steadyProducts() {
        List<Long> ids = new ArrayList<>(world.stockIn.keySet());
        ids.remove(Long.valueOf(world.expensive));
        return ids;
    }

    // ------------------------------------------------------------------ POST /products

    void createProduct(Draws d) {
        Json.Body body = Json.object(
                new Json.Field("name", Json.string(100, false, Json.text(1, 30)), true, INVALID_REQUEST),
                new Json.Field("price", Json.number(PointCases.amounts(), 1, MAX_AMOUNT, INVALID_AMOUNT, true), true, INVALID_AMOUNT, INVALID_REQUEST),
                new Json.Field("stock", Json.number(Gen.frequency(6, Gen.between(0, 10_000), 1, Gen.between(0, STOCK_LIMIT)),
                        0, STOCK_LIMIT, INVALID_REQUEST, true), true, INVALID_REQUEST)).draw(d);
        Key key = world.keys.keys().draw(d);
        Request request = Request.post("/products", null).withBody(body.bytes()).withKey(key.value());
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().body(body).key(key).then(() -> Expect.success(201)));
        boolean repeat = world.keys.isRepeat(request, key);
        Checked checked = Conformance.send(world.order, request, expect);
        world.keys.remember(request, key, checked.answer());
        if (checked.answer().status() == 201 && !checked.tolerated()) {
            Exchange e = checked.exchange();
            Shapes.product(e);
            JsonNode p = e.answer().json();
            long id = p.get("id").asLong();
            if (!repeat && !e.answer().replayed()) {
                Shapes.expect(p.get("price").asLong() == body.field("price").asLong() && p.get("stock").asLong() == body.field("stock").asLong(),
                        e, "the product answered is not the one asked for");
                world.stockIn.put(id, p.get("stock").asLong());
                world.prices.put(id, p.get("price").asLong());
            }
            String location = e.answer().header("Location");
            Shapes.expect(location != null && location.endsWith("/products/" + id), e, "no Location header naming the new product");
            if (!repeat && !e.answer().replayed()) {
                Shapes.readsBackAsCreated(world.order, "/products/" + id, e);
            }
        }
    }

    // ------------------------------------------------------------------ GET /products/{id}, POST /products/{id}/restock

    void readProduct(Draws d) {
        PathId id = PathId.of(world.mineOrAbsent(List.copyOf(world.stockIn.keySet()))).draw(d);
        boolean mine = id.number() != null && world.stockIn.containsKey(id.number());
        Expect expect = Oracle.start().path(id, "PRODUCT_NOT_FOUND").then(() -> mine ? Expect.success(200) : Expect.error(404, "PRODUCT_NOT_FOUND"));
        Checked checked = Conformance.send(world.order, Request.get("/products/" + id.encoded()), expect);
        if (checked.answer().status() == 200 && !checked.tolerated()) {
            Shapes.product(checked.exchange());
            Shapes.expect(checked.answer().json().get("id").asLong() == id.number(), checked.exchange(), "another product answered");
        }
    }

    void restock(Draws d) {
        List<Long> targets = steadyProducts();
        targets.add(world.nearlyFull); // twice as likely: the stock limit is the interesting edge
        PathId id = PathId.of(world.mineOrAbsent(targets)).draw(d);
        Json.Body body = Json.object(new Json.Field("quantity", Json.number(Gen.frequency(4, Gen.between(1, 20), 1, Gen.between(1, 1_000)),
                1, 1_000, INVALID_REQUEST, true), true, INVALID_REQUEST)).draw(d);
        Key key = world.keys.keys().draw(d);
        Request request = Request.post("/products/" + id.encoded() + "/restock", null).withBody(body.bytes()).withKey(key.value());
        Long product = id.number() != null && world.stockIn.containsKey(id.number()) ? id.number() : null;
        long before = product == null ? 0 : world.productView(product).get("stock").asLong();
        Long quantity = body.field("quantity").asLong();
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().path(id, "PRODUCT_NOT_FOUND").key(key).body(body).then(() -> {
            if (product == null) {
                return Expect.error(404, "PRODUCT_NOT_FOUND");
            }
            if (quantity == null) {
                return Expect.nothing();
            }
            return before + quantity > STOCK_LIMIT
                    ? Expect.error(409, "STOCK_LIMIT_EXCEEDED") : Expect.success(200);
        }));
        boolean repeat = world.keys.isRepeat(request, key);
        Checked checked = Conformance.send(world.order, request, expect);
        world.keys.remember(request, key, checked.answer());
        if (product == null) {
            return;
        }
        long after = world.productView(product).get("stock").asLong();
        Exchange e = checked.exchange();
        if (checked.applied() && !repeat) {
            Shapes.product(e);
            world.restocked(product, quantity);
            Shapes.expect(after == before + quantity && e.answer().json().get("stock").asLong() == after, e,
                    "stock went from " + before + " to " + after + " (answered " + e.answer().json().get("stock") + "), not by " + quantity);
        } else if (checked.changedNothing() || repeat) {
            Shapes.expect(after == before, e, "a refused or repeated restock changed the stock from " + before + " to " + after);
        } else {
            // A break let pass as a pending fix: the requests are sequential, so what it did is what changed.
            world.restocked(product, after - before);
        }
    }

    // ------------------------------------------------------------------ POST /orders

    private record Line(long productId, int quantity) {
    }

    /** The items field: lists of lines (valid or not), or not a list at all. */
    private Gen<Value> items() {
        List<Long> orderable = new ArrayList<>(world.stockIn.keySet().stream().limit(8).toList());
        orderable.remove(Long.valueOf(world.expensive));
        // The expensive product makes totals over 10,000,000; rare, since such an order waits until it settles (pending fix 3).
        Gen<Long> productIds = Gen.frequency(97, world.mineOrAbsent(orderable), 3, Gen.constant(world.expensive));
        Gen<Value> quantity = Json.number(Gen.frequency(8, Gen.between(1, 5), 1, Gen.between(1, 1_000)), 1, 1_000, INVALID_REQUEST, true);
        Gen<Value> line = d -> {
            Value product = !d.clean() && d.chance(5) ? Value.absent(Validity.INVALID, INVALID_REQUEST) : Json.id(productIds).draw(d);
            Value q = !d.clean() && d.chance(5) ? Value.absent(Validity.INVALID, INVALID_REQUEST) : quantity.draw(d);
            List<String> members = new ArrayList<>();
            if (product.present()) {
                members.add("\"productId\":" + product.json());
            }
            if (q.present()) {
                members.add("\"quantity\":" + q.json());
            }
            if (d.chance(5)) {
                members.add("\"note\":" + Json.junk(1).draw(d));
            }
            String json = "{" + String.join(",", members) + "}";
            Object parsed = product.asLong() != null && q.asLong() != null ? new Line(product.asLong(), q.asLong().intValue()) : null;
            return Value.combine(json, parsed, List.of(product, q));
        };
        Gen<Value> lines = d -> {
            int n = !d.clean() && d.chance(8) ? Gen.pick(0, 21, 25).draw(d) : 1 + d.below(d.chance(10) ? 20 : 4);
            List<Value> parts = new ArrayList<>();
            List<Line> parsed = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            boolean duplicate = false;
            for (int i = 0; i < n; i++) {
                Value v = !d.clean() && d.chance(3) ? Value.invalid("null", INVALID_REQUEST) : line.draw(d);
                if (d.clean() && v.parsed() instanceof Line l && seen.contains(l.productId())) {
                    continue; // a clean order names each product once
                }
                parts.add(v);
                if (v.parsed() instanceof Line l) {
                    duplicate |= !seen.add(l.productId());
                    parsed.add(l);
                }
            }
            String json = "[" + String.join(",", parts.stream().map(Value::json).toList()) + "]";
            Value all = Value.combine(json, parsed, parts);
            if (n < 1 || n > 20 || duplicate) {
                return Value.invalid(json, INVALID_REQUEST);
            }
            return all;
        };
        Gen<Value> any = Gen.frequency(92, lines, 4, Gen.pick("{}", "\"x\"", "5", "true", "{\"productId\":1,\"quantity\":1}")
                .map(t -> Value.invalid(t, INVALID_REQUEST)), 4, Gen.constant(Value.invalid("null", INVALID_REQUEST)));
        return d -> d.clean() ? lines.draw(d) : any.draw(d);
    }

    void placeOrder(Draws d) {
        Json.Body body = Json.object(
                new Json.Field("memberId", Json.id(world.mineOrAbsent(world.buyers)), true, INVALID_REQUEST),
                new Json.Field("items", items(), true, INVALID_REQUEST)).draw(d);
        Key key = world.keys.keys().draw(d);
        Request request = Request.post("/orders", null).withBody(body.bytes()).withKey(key.value());
        Long member = body.field("memberId").asLong();
        boolean memberMine = member != null && world.members.contains(member);
        @SuppressWarnings("unchecked")
        List<Line> lines = body.field("items").parsed() instanceof List<?> l ? (List<Line>) l : List.of();
        Map<Long, Long> stockBefore = new LinkedHashMap<>();
        for (Line line : lines) {
            if (world.stockIn.containsKey(line.productId())) {
                stockBefore.put(line.productId(), world.productView(line.productId()).get("stock").asLong());
            }
        }
        JsonNode pointsBefore = memberMine ? world.points(member) : null;
        boolean allKnown = lines.stream().allMatch(l -> world.stockIn.containsKey(l.productId()));
        long total = lines.stream().filter(l -> world.prices.containsKey(l.productId()))
                .mapToLong(l -> l.quantity() * world.prices.get(l.productId())).sum();
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().key(key).body(body).then(() -> {
            if (member == null || lines.isEmpty()) {
                return Expect.nothing();
            }
            Expect refused = Expect.nothing();
            boolean any = false;
            if (!allKnown) {
                refused.orError(404, "PRODUCT_NOT_FOUND");
                any = true;
            }
            if (allKnown && total > MAX_AMOUNT) {
                refused.orError(400, INVALID_AMOUNT);
                any = true;
            }
            if (lines.stream().anyMatch(l -> stockBefore.containsKey(l.productId()) && stockBefore.get(l.productId()) < l.quantity())) {
                refused.orError(409, "INSUFFICIENT_STOCK");
                any = true;
            }
            if (!memberMine) {
                refused.orError(404, "MEMBER_NOT_FOUND");
                any = true;
            } else if (total > pointsBefore.get("available").asLong()) {
                refused.orError(409, "INSUFFICIENT_POINTS");
                any = true;
            }
            return any ? refused : Expect.success(201);
        }));
        boolean repeat = world.keys.isRepeat(request, key);
        Exchange sent = world.order.send(request);
        Answer answer = sent.answer();
        if (answer.success() && answer.json() != null && answer.json().path("id").isIntegralNumber()) {
            long orderId = answer.json().get("id").asLong();
            if (!world.orders.contains(orderId)) {
                world.orders.add(orderId);
            }
            if (answer.status() == 202) {
                settle(orderId, sent); // before anything else: the next case must not meet its stock half taken
            }
        }
        Checked checked = Conformance.check(sent, expect);
        world.keys.remember(request, key, checked.answer());
        Exchange e = checked.exchange();
        if (checked.tolerated()) {
            return;
        }
        if (answer.status() == 201) {
            Shapes.order(e);
            JsonNode o = answer.json();
            Shapes.expect("COMPLETED".equals(o.get("status").asText()) && o.get("failureReason").isNull(), e, "a 201 order is COMPLETED, no failureReason");
            Shapes.expect(o.get("memberId").asLong() == member && o.get("totalAmount").asLong() == total && o.get("items").size() == lines.size(), e,
                    "the order answered is not the one placed (member " + member + ", total " + total + ")");
            for (JsonNode item : o.get("items")) {
                Long price = world.prices.get(item.get("productId").asLong());
                Shapes.expect(price != null && price == item.get("unitPrice").asLong(), e, "unitPrice is not the product's price");
            }
        } else if (answer.status() >= 400 && answer.json() != null && answer.json().path("orderId").isIntegralNumber()) {
            long orderId = answer.json().get("orderId").asLong();
            world.orders.add(orderId);
            Exchange read = world.order.send(Request.get("/orders/" + orderId));
            Shapes.expect(read.answer().status() == 200 && "CANCELLED".equals(read.answer().json().path("status").asText()), read,
                    "the order a refusal names (" + answer.outcome() + ") is not CANCELLED");
        }
        boolean applied = answer.status() == 201 && !repeat && !answer.replayed();
        if (applied || checked.changedNothing() || repeat) {
            Map<Long, Long> taken = new HashMap<>();
            if (applied) {
                lines.forEach(l -> taken.merge(l.productId(), (long) l.quantity(), Long::sum));
            }
            for (Map.Entry<Long, Long> s : stockBefore.entrySet()) {
                long now = world.productView(s.getKey()).get("stock").asLong();
                Shapes.expect(now == s.getValue() - taken.getOrDefault(s.getKey(), 0L), e,
                        "product " + s.getKey() + " went from " + s.getValue() + " to " + now + (applied ? " for an order taking " + taken : " though nothing was ordered"));
            }
            if (memberMine) {
                long now = world.points(member).get("balance").asLong();
                long was = pointsBefore.get("balance").asLong();
                Shapes.expect(now == was - (applied ? total : 0), e, "the buyer's balance went from " + was + " to " + now);
            }
        }
    }

    /** A pending order ends COMPLETED or CANCELLED by itself once point-service has answered (docs/api.md#order-service). */
    private void settle(long orderId, Exchange placed) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!"PENDING".equals(world.orderView(orderId).path("status").asText())) {
                return;
            }
            Invariants.pause(Duration.ofMillis(300));
        }
        throw Violation.of("a PENDING order never settles", "order " + orderId + " is still PENDING 30 s after it was placed", placed);
    }

    // ------------------------------------------------------------------ GET /orders/{id}, GET /orders, POST /orders/{id}/cancel

    void ordersReadAndCancelled(Draws d) {
        List<Long> mine = world.orders.isEmpty() ? List.of(1_000_000_000_000_007L) : List.copyOf(world.orders);
        PathId id = PathId.of(world.mineOrAbsent(mine)).draw(d);
        Long order = id.number() != null && world.orders.contains(id.number()) ? id.number() : null;
        switch (d.below(3)) {
            case 0 -> {
                Expect expect = Oracle.start().path(id, "ORDER_NOT_FOUND").then(() -> order != null ? Expect.success(200) : Expect.error(404, "ORDER_NOT_FOUND"));
                Checked checked = Conformance.send(world.order, Request.get("/orders/" + id.encoded()), expect);
                if (checked.answer().status() == 200 && !checked.tolerated()) {
                    Shapes.order(checked.exchange());
                    Shapes.expect(checked.answer().json().get("id").asLong() == id.number(), checked.exchange(), "another order answered");
                }
            }
            case 1 -> listOrders(d);
            default -> cancel(id, order, world.keys.keys().draw(d));
        }
    }

    private void listOrders(Draws d) {
        String memberText = Gen.<String>frequency(6, world.mineOrAbsent(world.buyers).map(String::valueOf),
                2, Gen.pick((String) null, "", " ", "abc", "1.5", "99999999999999999999", "x".repeat(200))).draw(d);
        PointCases.Query query = PointCases.Query.draw(d);
        String target = "/orders" + (memberText == null ? query.text()
                : "?memberId=" + Endpoints.encode(memberText) + (query.text().isEmpty() ? "" : "&" + query.text().substring(1)));
        boolean memberValid = memberText != null && memberText.matches("-?[0-9]{1,19}") && isLong(memberText);
        // limit and cursor are the service's own extension here (docs/api.md#order-service names only memberId): bad ones may be refused or ignored
        Expect expect = Oracle.start().part(memberValid ? Validity.VALID : Validity.INVALID, List.of(INVALID_REQUEST))
                .part(query.validity() == Validity.VALID ? Validity.VALID : Validity.EITHER, List.of(INVALID_REQUEST))
                .then(() -> Expect.success(200));
        Checked checked = Conformance.send(world.order, Request.get(target), expect);
        if (checked.answer().status() != 200 || checked.tolerated()) {
            return;
        }
        Exchange e = checked.exchange();
        JsonNode items = checked.answer().json().path("items");
        Shapes.expect(items.isArray(), e, "the orders of a member are {items}");
        long previous = Long.MAX_VALUE;
        for (JsonNode o : items) {
            Shapes.order(e, o);
            Shapes.expect(o.get("memberId").asLong() == Long.parseLong(memberText), e, "another member's order in the list");
            Shapes.expect(o.get("id").asLong() < previous, e, "the orders are not newest first");
            previous = o.get("id").asLong();
        }
        if (query.limit() != null) {
            Shapes.expect(items.size() <= query.limit(), e, "more orders than the limit");
        }
    }

    private static boolean isLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void cancel(PathId id, Long order, Key key) {
        Request request = Request.post("/orders/" + id.encoded() + "/cancel", null).withKey(key.value());
        JsonNode before = order == null ? null : world.orderView(order);
        Map<Long, Long> stockBefore = new HashMap<>();
        JsonNode pointsBefore = null;
        if (before != null) {
            for (JsonNode item : before.get("items")) {
                long product = item.get("productId").asLong();
                if (world.stockIn.containsKey(product)) {
                    stockBefore.put(product, world.productView(product).get("stock").asLong());
                }
            }
            if (world.members.contains(before.get("memberId").asLong())) {
                pointsBefore = world.points(before.get("memberId").asLong());
            }
        }
        String status = before == null ? null : before.get("status").asText();
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().path(id, "ORDER_NOT_FOUND").key(key).then(() -> {
            if (order == null) {
                return Expect.error(404, "ORDER_NOT_FOUND");
            }
            return "PENDING".equals(status) ? Expect.error(409, "ORDER_PENDING") : Expect.success(200);
        }));
        boolean repeat = world.keys.isRepeat(request, key);
        Checked checked = Conformance.send(world.order, request, expect);
        world.keys.remember(request, key, checked.answer());
        if (order == null || checked.tolerated()) {
            return;
        }
        Exchange e = checked.exchange();
        boolean refunds = checked.answer().status() == 200 && "COMPLETED".equals(status) && !repeat && !checked.answer().replayed();
        if (checked.answer().status() == 200) {
            Shapes.order(e);
            Shapes.expect("CANCELLED".equals(checked.answer().json().get("status").asText()), e, "a cancelled order is CANCELLED");
            if (refunds) {
                Shapes.expect("CANCELLED_BY_MEMBER".equals(checked.answer().json().path("failureReason").asText()), e,
                        "a member's cancellation has failureReason CANCELLED_BY_MEMBER");
            }
        }
        for (Map.Entry<Long, Long> s : stockBefore.entrySet()) {
            long back = 0;
            if (refunds) {
                for (JsonNode item : before.get("items")) {
                    back += item.get("productId").asLong() == s.getKey() ? item.get("quantity").asLong() : 0;
                }
            }
            long now = world.productView(s.getKey()).get("stock").asLong();
            Shapes.expect(now == s.getValue() + back, e, "product " + s.getKey() + " went from " + s.getValue() + " to " + now
                    + " on a cancel " + (refunds ? "giving back " + back : "that gives nothing back"));
        }
        if (pointsBefore != null) {
            long now = world.points(before.get("memberId").asLong()).get("balance").asLong();
            long was = pointsBefore.get("balance").asLong();
            long refund = refunds ? before.get("totalAmount").asLong() : 0;
            Shapes.expect(now == was + refund, e, "the buyer's balance went from " + was + " to " + now + ", the refund is " + refund);
        }
    }
}
