package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.contention.fuzz.Conformance.Checked;
import dev.concurrency.contention.fuzz.Keys.Key;
import dev.concurrency.contention.fuzz.Value.Validity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static dev.concurrency.contention.fuzz.Value.INVALID_AMOUNT;
import static dev.concurrency.contention.fuzz.Value.INVALID_REQUEST;
import static dev.concurrency.contention.fuzz.World.MAX_AMOUNT;

/** Generated cases against auction-service (docs/api.md#auction-service): auctions, bids backed by held points, closing. */
final class AuctionCases {

    private final World world;

    AuctionCases(World world) {
        this.world = world;
    }

    // ------------------------------------------------------------------ POST /auctions

    /** endsAt: an ISO-8601 instant 1 s to 30 days ahead; near either bound the clock decides, so either answer. */
    static Gen<Value> endsAt() {
        Gen<Value> valid = Gen.between(10, Duration.ofDays(29).toSeconds()).flatMap(s -> Gen.pick(0, 1, 2).map(form -> {
            Instant at = Instant.now().plusSeconds(s);
            String text = switch (form) {
                case 0 -> at.truncatedTo(ChronoUnit.SECONDS).toString();
                case 1 -> at.toString();
                default -> at.truncatedTo(ChronoUnit.MILLIS).toString();
            };
            return Value.valid("\"" + text + "\"", text);
        }));
        Gen<Value> edge = Gen.pick(-1L, 0L, 1L, 2L, Duration.ofDays(30).toSeconds() - 2, Duration.ofDays(30).toSeconds() + 2).map(s -> {
            String text = Instant.now().plusSeconds(s).toString();
            return Value.either("\"" + text + "\"", text, INVALID_REQUEST);
        });
        Gen<Value> offset = Gen.between(60, 86_400).map(s -> {
            String text = Instant.now().plusSeconds(s).truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "+00:00");
            return Value.either("\"" + text + "\"", text, INVALID_REQUEST);
        });
        Gen<Value> invalid = Gen.oneOf(
                Gen.pick(-3_600L, -86_400L * 400, Duration.ofDays(31).toSeconds(), Duration.ofDays(3_000).toSeconds())
                        .map(s -> Instant.now().plusSeconds(s).toString()),
                Gen.pick("", " ", "tomorrow", "2030-13-01T00:00:00Z", "2030-01-01", "2030-01-01T00:00:00", "+10000-01-01T00:00:00Z",
                        "2030-02-30T00:00:00Z", "9999999999", "PT1H", "now", "1970-01-01T00:00:00Z", "2030-01-01T25:00:00Z"),
                Json.text(1, 20)).map(text -> Value.invalid(Json.quote(text, false), INVALID_REQUEST));
        Gen<Value> wrongType = Gen.pick("12345", "true", "{}", "[]", "1.5e12", "null").map(t -> Value.invalid(t, INVALID_REQUEST));
        Gen<Value> any = Gen.frequency(70, valid, 6, edge, 4, offset, 12, invalid, 8, wrongType);
        return d -> d.clean() ? valid.draw(d) : any.draw(d);
    }

    void createAuction(Draws d) {
        Json.Body body = Json.object(
                new Json.Field("sellerId", Json.id(world.mineOrAbsent(world.sellers)), true, INVALID_REQUEST),
                new Json.Field("title", Json.string(100, false, Json.text(1, 30)), true, INVALID_REQUEST),
                new Json.Field("startPrice", PointCases.amountField(), true, INVALID_AMOUNT, INVALID_REQUEST),
                new Json.Field("minIncrement", PointCases.amountField(), true, INVALID_AMOUNT, INVALID_REQUEST),
                new Json.Field("endsAt", endsAt(), true, INVALID_REQUEST)).draw(d);
        Key key = world.keys.keys().draw(d);
        Request request = Request.post("/auctions", null).withBody(body.bytes()).withKey(key.value());
        Long seller = body.field("sellerId").asLong();
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().body(body).key(key)
                .then(() -> seller != null && world.members.contains(seller) ? Expect.success(201) : Expect.error(404, "MEMBER_NOT_FOUND")));
        boolean repeat = world.keys.isRepeat(request, key);
        Checked checked = Conformance.send(world.auction, request, expect);
        world.keys.remember(request, key, checked.answer());
        if (checked.answer().status() != 201 || checked.tolerated()) {
            return;
        }
        Exchange e = checked.exchange();
        Shapes.auction(e);
        JsonNode a = e.answer().json();
        world.auctions.add(a.get("id").asLong());
        if (!repeat && !e.answer().replayed()) {
            Shapes.expect("OPEN".equals(a.get("status").asText()) && a.get("bidCount").asInt() == 0 && a.get("highestBidderId").isNull()
                    && a.get("winnerId").isNull(), e, "a new auction is OPEN, without bids");
            Shapes.expect(a.get("sellerId").asLong() == seller && a.get("startPrice").asLong() == body.field("startPrice").asLong()
                    && a.get("currentPrice").asLong() == a.get("startPrice").asLong()
                    && a.get("minIncrement").asLong() == body.field("minIncrement").asLong(), e, "the auction answered is not the one asked for");
            Instant asked = Instant.parse(String.valueOf(body.field("endsAt").asText()).replace("+00:00", "Z"));
            Instant answered = Instant.parse(a.get("endsAt").asText());
            Shapes.expect(!answered.isBefore(asked) && answered.isBefore(asked.plusSeconds(2)), e, "endsAt answered " + answered + " for " + asked);
            if (answered.isAfter(Instant.now().plusSeconds(5))) { // not one that may close while it is read
                Shapes.readsBackAsCreated(world.auction, "/auctions/" + a.get("id").asLong(), e);
            }
        }
        String location = e.answer().header("Location");
        Shapes.expect(location != null && location.endsWith("/auctions/" + a.get("id").asLong()), e, "no Location header naming the new auction");
    }

    // ------------------------------------------------------------------ GET /auctions/{id}, GET /auctions/{id}/bids

    void readAuctionOrBids(Draws d) {
        PathId id = PathId.of(world.mineOrAbsent(List.copyOf(world.auctions))).draw(d);
        boolean mine = id.number() != null && world.auctions.contains(id.number());
        if (d.chance(40)) {
            Expect expect = Oracle.start().path(id, "AUCTION_NOT_FOUND").then(() -> mine ? Expect.success(200) : Expect.error(404, "AUCTION_NOT_FOUND"));
            Checked checked = Conformance.send(world.auction, Request.get("/auctions/" + id.encoded()), expect);
            if (checked.answer().status() == 200 && !checked.tolerated()) {
                Shapes.auction(checked.exchange());
                Shapes.expect(checked.answer().json().get("id").asLong() == id.number(), checked.exchange(), "another auction answered");
            }
            return;
        }
        PointCases.Query query = PointCases.Query.draw(d);
        Expect expect = Oracle.start().path(id, "AUCTION_NOT_FOUND").part(query.validity(), List.of(INVALID_REQUEST))
                .then(() -> mine ? Expect.success(200) : Expect.error(404, "AUCTION_NOT_FOUND"));
        Checked checked = Conformance.send(world.auction, Request.get("/auctions/" + id.encoded() + "/bids" + query.text()), expect);
        if (checked.answer().status() != 200 || checked.tolerated()) {
            return;
        }
        Exchange e = checked.exchange();
        JsonNode page = e.answer().json();
        Shapes.expect(page.path("items").isArray(), e, "a page of bids is {items, nextCursor}");
        JsonNode previous = null;
        for (JsonNode bid : page.get("items")) {
            Shapes.bid(e, bid);
            Shapes.expect(bid.get("auctionId").asLong() == id.number(), e, "a bid of another auction in the list");
            if (previous != null) {
                Shapes.expect(bid.get("id").asLong() > previous.get("id").asLong() && bid.get("amount").asLong() > previous.get("amount").asLong()
                        && bid.get("previousPrice").asLong() == previous.get("amount").asLong(), e,
                        "bids are not in the order they were accepted, each outbidding the one before");
            }
            previous = bid;
        }
        String paging = null;
        if (!page.has("nextCursor")) {
            paging = "no nextCursor in a page of bids";
        } else if (page.get("items").size() > query.limitOr(20)) {
            paging = page.get("items").size() + " bids on a page of at most " + query.limitOr(20);
        }
        if (paging != null) {
            throw Violation.of("bids are not paged: " + paging, paging, e);
        }
    }

    // ------------------------------------------------------------------ POST /auctions/{id}/bids

    void bid(Draws d) {
        List<Long> targets = new ArrayList<>(world.openAuctions);
        targets.add(world.endedAuction);
        PathId id = PathId.of(world.mineOrAbsent(targets)).draw(d);
        Long auction = id.number() != null && world.auctions.contains(id.number()) ? id.number() : null;
        JsonNode before = auction == null ? null : world.auctionView(auction);
        long current = before == null ? 100 : before.get("currentPrice").asLong();
        long step = before == null ? 10 : before.get("minIncrement").asLong();
        long lowest = Math.min(MAX_AMOUNT, current + step);
        Gen<Long> amounts = Gen.frequency(6, Gen.between(lowest, Math.min(MAX_AMOUNT, lowest + 50)),
                2, Gen.between(1, Math.max(1, lowest - 1)), 1, Gen.between(lowest, MAX_AMOUNT));
        Gen<Value> expected = Gen.frequency(7, Gen.constant(Value.absent(Validity.VALID)),
                3, Json.number(Gen.pick(current, current, Math.max(1, current - 1), current + 1), 1, MAX_AMOUNT, INVALID_AMOUNT, false));
        Gen<Long> bidders = Gen.frequency(8, Gen.pickFrom(world.bidders), 1, Gen.pickFrom(world.sellers), 1, world.absentIds());
        Json.Body body = Json.object(
                new Json.Field("bidderId", Json.id(bidders), true, INVALID_REQUEST),
                new Json.Field("amount", Json.number(amounts, 1, MAX_AMOUNT, INVALID_AMOUNT, true), true, INVALID_AMOUNT, INVALID_REQUEST),
                new Json.Field("expectedPrice", expected, false)).draw(d);
        Key key = world.keys.keys().draw(d);
        Request request = Request.post("/auctions/" + id.encoded() + "/bids", null).withBody(body.bytes()).withKey(key.value());
        Long bidder = body.field("bidderId").asLong();
        Long amount = body.field("amount").asLong();
        Long expectedPrice = body.field("expectedPrice").asLong();
        boolean bidderMine = bidder != null && world.members.contains(bidder);
        JsonNode points = bidderMine ? world.points(bidder) : null;
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().path(id, "AUCTION_NOT_FOUND").key(key).body(body).then(() -> {
            if (auction == null) {
                return Expect.error(404, "AUCTION_NOT_FOUND");
            }
            if (bidder == null || amount == null) {
                return Expect.nothing();
            }
            Expect refused = Expect.nothing();
            boolean must = false;
            boolean ended = "CLOSED".equals(before.get("status").asText()) || !Instant.parse(before.get("endsAt").asText()).isAfter(Instant.now());
            if (ended) {
                refused.orError(409, "AUCTION_CLOSED");
                must = "CLOSED".equals(before.get("status").asText());
            }
            if (!bidderMine) {
                refused.orError(404, "MEMBER_NOT_FOUND");
                must = true;
            }
            if (bidder == before.get("sellerId").asLong()) {
                refused.orError(409, "SELLER_CANNOT_BID");
                must = true;
            }
            if (before.get("highestBidderId").isIntegralNumber() && bidder == before.get("highestBidderId").asLong()) {
                refused.orError(409, "ALREADY_HIGHEST_BIDDER");
                must = true;
            }
            if (expectedPrice != null && expectedPrice != current) {
                refused.orError(409, "PRICE_CHANGED");
                must = true;
            }
            if (amount < current + step) {
                refused.orError(409, "BID_TOO_LOW");
                must = true;
            }
            if (bidderMine && amount > points.get("available").asLong()) {
                // An outbid bidder's points come free a moment later: only more than the balance must be refused.
                refused.orError(409, "INSUFFICIENT_POINTS");
                must |= amount > points.get("balance").asLong();
            }
            return must ? refused : refused.orSuccess(201);
        }));
        boolean repeat = world.keys.isRepeat(request, key);
        Checked checked = Conformance.send(world.auction, request, expect);
        world.keys.remember(request, key, checked.answer());
        if (auction == null || checked.tolerated()) {
            return;
        }
        Exchange e = checked.exchange();
        JsonNode after = world.auctionView(auction);
        if (checked.applied() && !repeat) {
            JsonNode bid = e.answer().json();
            Shapes.bid(e, bid);
            Shapes.expect(bid.get("auctionId").asLong() == auction && bid.get("bidderId").asLong() == bidder && bid.get("amount").asLong() == amount
                    && bid.get("previousPrice").asLong() == current, e, "the bid answered is not the one made over price " + current);
            Shapes.expect(after.get("currentPrice").asLong() == amount && after.get("bidCount").asInt() == before.get("bidCount").asInt() + 1
                    && after.get("highestBidderId").asLong() == bidder, e, "the auction after the bid is " + after);
            Exchange hold = world.point.send(Request.get("/holds/bid-" + bid.get("id").asLong()));
            Shapes.expect(hold.answer().status() == 200 && "HELD".equals(hold.answer().json().path("status").asText())
                    && hold.answer().json().path("amount").asLong() == amount, hold, "the accepted bid's points are not held");
        } else if (checked.changedNothing() || repeat) {
            Shapes.expect(after.get("currentPrice").asLong() == current && after.get("bidCount").asInt() == before.get("bidCount").asInt()
                    && after.get("highestBidderId").equals(before.get("highestBidderId")), e,
                    "a refused or repeated bid changed the auction from " + before + " to " + after);
            if (bidderMine) {
                Shapes.expect(world.points(bidder).get("balance").asLong() == points.get("balance").asLong(), e, "a refused bid changed the bidder's balance");
            }
        }
    }

    // ------------------------------------------------------------------ POST /auctions/{id}/close

    void close(Draws d) {
        List<Long> targets = new ArrayList<>(world.auctions);
        PathId id = PathId.of(world.mineOrAbsent(targets)).draw(d);
        Long auction = id.number() != null && world.auctions.contains(id.number()) ? id.number() : null;
        Key key = world.keys.keys().draw(d);
        Request request = Request.post("/auctions/" + id.encoded() + "/close", null).withKey(key.value());
        JsonNode before = auction == null ? null : world.auctionView(auction);
        Expect expect = world.keys.expect(request, key, () -> Oracle.start().path(id, "AUCTION_NOT_FOUND").key(key).then(() -> {
            if (auction == null) {
                return Expect.error(404, "AUCTION_NOT_FOUND");
            }
            if ("CLOSED".equals(before.get("status").asText())) {
                return Expect.success(200);
            }
            Instant ends = Instant.parse(before.get("endsAt").asText());
            if (ends.isAfter(Instant.now().plusSeconds(2))) {
                return Expect.error(409, "AUCTION_NOT_ENDED");
            }
            return ends.isBefore(Instant.now().minusSeconds(1)) ? Expect.success(200) : Expect.success(200).orError(409, "AUCTION_NOT_ENDED");
        }));
        Checked checked = Conformance.send(world.auction, request, expect);
        world.keys.remember(request, key, checked.answer());
        if (checked.answer().status() == 200 && !checked.tolerated() && auction != null) {
            Exchange e = checked.exchange();
            Shapes.auction(e);
            JsonNode a = e.answer().json();
            Shapes.expect("CLOSED".equals(a.get("status").asText()) && a.get("winnerId").equals(a.get("highestBidderId")), e,
                    "a closed auction is CLOSED and its winner the highest bidder");
        }
    }
}
