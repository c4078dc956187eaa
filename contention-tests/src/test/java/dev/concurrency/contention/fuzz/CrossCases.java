package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.concurrency.contention.fuzz.Conformance.Checked;
import dev.concurrency.contention.fuzz.Keys.Key;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/** Cases about every endpoint at once: Idempotency-Key repeats, and requests broken in every way HTTP allows. */
final class CrossCases {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final World world;

    CrossCases(World world) {
        this.world = world;
    }

    /** A state-changing request of the suite's own: where it goes, and its body given a number to vary it by. */
    private record Change(String name, RawHttp.Service service, String path, Function<Long, String> body) {
    }

    private List<Change> changes(Draws d) {
        long wallet = Gen.pickFrom(world.wallets).draw(d);
        long buyer = Gen.pickFrom(world.buyers).draw(d);
        long bidder = Gen.pickFrom(world.bidders).draw(d);
        long product = Gen.pickFrom(world.products).draw(d);
        long auction = Gen.pickFrom(world.openAuctions).draw(d);
        long order = world.orders.isEmpty() ? 1_000_000_000_000_001L : Gen.pickFrom(world.orders).draw(d);
        String tag = "fz" + world.nonce + "-r" + d.below(1_000_000);
        String endsAt = Instant.now().plusSeconds(3_600).toString();
        return List.of(
                new Change("member", world.point, "/members", n -> "{\"name\":\"fz-" + world.nonce + "-" + n + "\"}"),
                new Change("charge", world.point, "/members/" + wallet + "/points/charge", n -> "{\"amount\":" + n + "}"),
                new Change("use", world.point, "/members/" + wallet + "/points/use", n -> "{\"amount\":" + n + "}"),
                new Change("pay", world.point, "/payments", n -> "{\"paymentId\":\"" + tag + "\",\"memberId\":" + world.holders.get(0) + ",\"amount\":" + n + "}"),
                new Change("refund", world.point, "/payments/" + tag + "/refund", n -> null),
                new Change("hold", world.point, "/holds", n -> "{\"holdId\":\"" + tag + "\",\"memberId\":" + world.holders.get(1) + ",\"amount\":" + n + "}"),
                new Change("release", world.point, "/holds/" + tag + "/release", n -> null),
                new Change("product", world.order, "/products", n -> "{\"name\":\"fz-" + world.nonce + "\",\"price\":" + n + ",\"stock\":5}"),
                new Change("restock", world.order, "/products/" + product + "/restock", n -> "{\"quantity\":" + Math.min(1_000, n) + "}"),
                new Change("order", world.order, "/orders", n -> "{\"memberId\":" + buyer + ",\"items\":[{\"productId\":" + product
                        + ",\"quantity\":" + Math.min(1_000, n) + "}]}"),
                new Change("cancel", world.order, "/orders/" + order + "/cancel", n -> null),
                new Change("auction", world.auction, "/auctions", n -> "{\"sellerId\":" + world.sellers.get(0) + ",\"title\":\"fz\",\"startPrice\":" + n
                        + ",\"minIncrement\":1,\"endsAt\":\"" + endsAt + "\"}"),
                new Change("bid", world.auction, "/auctions/" + auction + "/bids", n -> "{\"bidderId\":" + bidder + ",\"amount\":" + n + "}"),
                new Change("close", world.auction, "/auctions/" + auction + "/close", n -> null));
    }

    /**
     * A POST repeated with its Idempotency-Key gets the first answer: again as sent, with its JSON
     * reformatted, sent to the same service under another host name; the key with another body is 422.
     */
    void repeatGetsTheFirstAnswer(Draws d) {
        List<Change> changes = changes(d);
        Change change = changes.get(d.below(changes.size()));
        long n = Gen.<Long>frequency(6, Gen.between(1, 40), 1, Gen.between(1, 20_000_000)).draw(d);
        Key key = world.keys.fresh(change.name());
        String json = change.body().apply(n);
        Request first = Request.post(change.path(), json).withKey(key.value());
        Checked original = Conformance.send(change.service(), first, Expect.anything());
        world.keys.remember(first, key, original.answer());
        remember(change, original.answer(), json);
        Answer a1 = original.answer();
        if (a1.status() >= 500) {
            return;
        }
        Expect same = Expect.replay(a1);
        Conformance.send(change.service(), first, same);
        if (json != null) {
            Conformance.send(change.service(), first.withJson(reformatted(json, d)), same);
            // With an unknown field: "ignored" (the same request) or "another body as parsed JSON" (422); the contract reads both ways.
            Conformance.send(change.service(), first.withJson(Json.withMember(json, "\"fuzzExtra\":1")),
                    Expect.replay(a1).orError(422, "IDEMPOTENCY_KEY_REUSED"));
        }
        String otherHost = d.chance(50) ? "localhost:" + change.service().port() : "127.0.0.1.:" + change.service().port();
        Conformance.send(change.service(), first.withoutHeader("Host").header("Host", otherHost),
                Expect.replay(a1));
        String otherJson = java.util.stream.LongStream.of(n + 1, n - 1, 1, 2, 3).filter(m -> m > 0).mapToObj(m -> change.body().apply(m))
                .filter(j -> j != null && !JsonText.sameBody(j.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)))
                .findFirst().orElse(null);
        if (otherJson != null) {
            Request other = first.withJson(otherJson);
            Expect reused = Expect.error(422, "IDEMPOTENCY_KEY_REUSED");
            // A first answer of 400 may not bind the key (the body never became a request): then anything the new body earns.
            Checked again = Conformance.send(change.service(), other, a1.status() == 400 ? Expect.anything() : reused);
            remember(change, again.answer(), otherJson);
        }
        Conformance.send(change.service(), first, same);
    }

    private void remember(Change change, Answer answer, String json) {
        JsonNode body = answer.json();
        if (!answer.success() || body == null || !body.path("id").isIntegralNumber()) {
            return;
        }
        long id = body.get("id").asLong();
        switch (change.name()) {
            case "member" -> world.members.add(id);
            case "product" -> {
                world.stockIn.putIfAbsent(id, body.path("stock").asLong());
                world.prices.putIfAbsent(id, body.path("price").asLong());
            }
            case "order" -> {
                if (!world.orders.contains(id)) {
                    world.orders.add(id);
                }
            }
            case "auction" -> world.auctions.add(id);
            case "restock" -> {
                if (!answer.replayed()) {
                    world.restocked(id, JsonText.parse(json.getBytes(StandardCharsets.UTF_8)).get("quantity").asLong());
                }
            }
            default -> {
            }
        }
    }

    /** The same JSON, written otherwise: members in another order, other spacing. */
    private static String reformatted(String json, Draws d) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node instanceof ObjectNode object && object.size() > 1 && d.chance(70)) {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                ObjectNode reversed = JSON.createObjectNode();
                for (int i = names.size() - 1; i >= 0; i--) {
                    reversed.set(names.get(i), object.get(names.get(i)));
                }
                node = reversed;
            }
            return d.chance(50) ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) : " " + JSON.writeValueAsString(node) + "\n";
        } catch (IOException e) {
            return json;
        }
    }

    // ------------------------------------------------------------------ anything at all

    /**
     * Requests broken in every way: other methods, content types, Accept headers, bodies of any
     * bytes, chunked or not, unknown routes. Whatever comes in, the answer is never a 5xx and every
     * error is a problem+json.
     */
    void anythingAtAll(Draws d) {
        Endpoints.Route route = Gen.pickFrom(Endpoints.ALL).draw(d);
        RawHttp.Service service = switch (route.service()) {
            case Endpoints.POINT -> world.point;
            case Endpoints.ORDER -> world.order;
            default -> world.auction;
        };
        PathId id = PathId.of(world.absentIds()).draw(d);
        String path = route.path(id.encoded());
        path = Gen.<String>frequency(8, Gen.constant(path), 1, Gen.pick(path + "/", path + "/extra", "/" + path, path.toUpperCase(),
                path + "%00", path + "/..", "/nothing-here", "/", path + ";x=1")).draw(d);
        String query = Gen.<String>frequency(6, Gen.constant(""), 1, Gen.pick("?", "?a=1&a=2", "?limit=5&limit=6", "?%ff=1", "?x=" + "q".repeat(3_000),
                "?memberId=" + world.buyers.get(0) + "&memberId=abc")).draw(d);
        String method = Gen.<String>frequency(7, Gen.constant(route.method()), 3, Gen.pick("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")).draw(d);
        Request request = new Request(method, path + query, List.of(), new byte[0], false);
        String contentType = Gen.pick("application/json", "application/json", "application/json; charset=UTF-8", null, "text/plain",
                "application/xml", "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/json; charset=utf-16",
                "*/*", "application/merge-patch+json", "multipart/form-data; boundary=x", "garbage").draw(d);
        if (contentType != null) {
            request = request.header("Content-Type", contentType);
        }
        String accept = Gen.pick((String) null, "application/json", "application/problem+json", "*/*", "text/html", "application/xml",
                "application/json;q=0", "garbage").draw(d);
        if (accept != null) {
            request = request.header("Accept", accept);
        }
        if (d.chance(20)) {
            request = request.header(Gen.pick("X-Fuzz", "Cookie", "If-None-Match", "Expect", "Content-Encoding").draw(d),
                    Gen.pick("1", "é", "Bearer x.y.z", "\"*\"", "100-continue", "gzip", "x".repeat(2_000), "a\u007fb", "\u0001").draw(d));
        }
        Keys.Key key = Gen.<Keys.Key>frequency(3, Gen.constant(Keys.Key.NONE), 1, world.keys.keys()).draw(d);
        request = request.withKey(key.value());
        byte[] body = Gen.<byte[]>frequency(
                4, Gen.constant(new byte[0]),
                4, Json.junk(3).map(t -> t.getBytes(StandardCharsets.UTF_8)),
                2, Gen.pick("{\"amount\":", "{{}", "\u0000", "{\"name\":\"x\"", "[".repeat(5_000)).map(t -> t.getBytes(StandardCharsets.UTF_8)),
                1, Gen.lists(Gen.ints(0, 255), 1, 64).map(bytes -> {
                    byte[] raw = new byte[bytes.size()];
                    for (int i = 0; i < raw.length; i++) {
                        raw[i] = bytes.get(i).byteValue();
                    }
                    return raw;
                }),
                1, Gen.pick(Json.MAX_BODY + 1, 300_000, 2_000_000).map(n -> Json.padded("{}", n).getBytes(StandardCharsets.UTF_8))).draw(d);
        request = request.withBody(body);
        if (d.chance(15)) {
            request = request.sentChunked();
        }
        Exchange exchange = service.send(request);
        if (method.equals("HEAD")) {
            // A HEAD answer carries no body: only "no 5xx" applies.
            if (exchange.answer().status() >= 500 || !exchange.answer().answered()) {
                Conformance.wellFormed(exchange);
            }
            return;
        }
        Conformance.check(exchange, Expect.anything());
    }
}
