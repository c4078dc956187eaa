package dev.concurrency.contention.fuzz;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the suite seeds through the API and everything it made since: the only entities its state-
 * changing requests may reach. The databases are shared with other runs, so a request that changes
 * state names one of these or an id nobody has ({@link #absentIds}), never someone else's.
 */
final class World {

    static final long BALANCE_LIMIT = 1_000_000_000L;
    static final long STOCK_LIMIT = 1_000_000_000L;
    static final long MAX_AMOUNT = 10_000_000L;

    final String nonce = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    final RawHttp.Service point;
    final RawHttp.Service order;
    final RawHttp.Service auction;
    final Keys keys = new Keys(nonce);

    // members by role, and every member the suite made (for the ledger invariant)
    final List<Long> wallets = new ArrayList<>();
    final List<Long> buyers = new ArrayList<>();
    final List<Long> bidders = new ArrayList<>();
    final List<Long> sellers = new ArrayList<>();
    final List<Long> holders = new ArrayList<>();
    final Set<Long> members = new LinkedHashSet<>();

    // products: what each started with and every restock answered as done, for the stock invariant
    final List<Long> products = new ArrayList<>();
    long expensive;
    long nearlyFull;
    long soldOut;
    long scarce;
    final Map<Long, Long> stockIn = new LinkedHashMap<>();
    final Map<Long, Long> prices = new HashMap<>();

    final List<Long> orders = new ArrayList<>();
    final List<Long> openAuctions = new ArrayList<>();
    long endedAuction;
    final Set<Long> auctions = new LinkedHashSet<>();

    /** The suite's payments and holds (ids it chose) and their status as far as it knows; null: not known. */
    final Map<String, String> payments = new HashMap<>();
    final Map<String, String> holds = new HashMap<>();
    /** "member:amount" of each payment and hold the suite made. */
    final Map<String, String> terms = new HashMap<>();

    World(RawHttp.Service point, RawHttp.Service order, RawHttp.Service auction) {
        this.point = point;
        this.order = order;
        this.auction = auction;
    }

    /** Ids no database of the suite's will ever hand out. */
    Gen<Long> absentIds() {
        return Gen.frequency(3, Gen.pick(0L, -1L, -42L, Long.MIN_VALUE, Long.MAX_VALUE, 999_999_999_999_999_999L),
                7, Gen.between(1_000_000_000_000_000L, 1_000_000_000_999_999L));
    }

    /** Mostly the given ids of the suite's own, sometimes ids nobody has. */
    Gen<Long> mineOrAbsent(List<Long> mine) {
        return Gen.frequency(8, Gen.pickFrom(List.copyOf(mine)), 2, absentIds());
    }

    // ------------------------------------------------------------------ seeding

    void seed() {
        for (int i = 0; i < 3; i++) {
            wallets.add(member("wallet-" + i, 5_000_000));
            buyers.add(member("buyer-" + i, 30_000_000));
            bidders.add(member("bidder-" + i, 8_000_000));
        }
        // One wallet just under the balance limit, so charges meet BALANCE_LIMIT_EXCEEDED.
        wallets.add(member("full-wallet", BALANCE_LIMIT - 10_000));
        sellers.add(member("seller-0", 0));
        sellers.add(member("seller-1", 0));
        holders.add(member("holder-0", 3_000_000));
        holders.add(member("holder-1", 3_000_000));

        for (long price : new long[] {1, 7, 250, 4_999}) {
            products.add(product("plain-" + price, price, 100_000));
        }
        expensive = product("expensive", 3_333_334, 1_000); // three of them cost over 10,000,000
        nearlyFull = product("nearly-full", 1, STOCK_LIMIT - 500);
        soldOut = product("sold-out", 10, 0);
        scarce = product("scarce", 100, 3);

        Instant later = Instant.now().plus(Duration.ofHours(3));
        openAuctions.add(auction(sellers.get(0), "open-a", 100, 10, later));
        openAuctions.add(auction(sellers.get(1), "open-b", 1, 1, later));
        endedAuction = auction(sellers.get(0), "ends-at-once", 50, 5, Instant.now().plusSeconds(3));
        expectOk(send(auction, Request.post("/auctions/" + endedAuction + "/bids",
                "{\"bidderId\":" + bidders.get(0) + ",\"amount\":60}")), "a bid on the auction that ends at once");
    }

    long member(String name, long points) {
        long id = expectOk(send(point, Request.post("/members", "{\"name\":\"fz-" + nonce + "-" + name + "\"}")), "creating " + name)
                .path("id").asLong();
        members.add(id);
        for (long left = points; left > 0; left -= Math.min(left, MAX_AMOUNT)) {
            expectOk(send(point, Request.post("/members/" + id + "/points/charge", "{\"amount\":" + Math.min(left, MAX_AMOUNT) + "}")),
                    "charging " + name);
        }
        return id;
    }

    long product(String name, long price, long stock) {
        JsonNode created = expectOk(send(order, Request.post("/products",
                "{\"name\":\"fz-" + nonce + "-" + name + "\",\"price\":" + price + ",\"stock\":" + stock + "}")), "creating " + name);
        long id = created.path("id").asLong();
        stockIn.put(id, stock);
        prices.put(id, price);
        return id;
    }

    long auction(long seller, String title, long startPrice, long minIncrement, Instant endsAt) {
        long id = expectOk(send(auction, Request.post("/auctions", "{\"sellerId\":" + seller + ",\"title\":\"fz-" + nonce + "-" + title
                + "\",\"startPrice\":" + startPrice + ",\"minIncrement\":" + minIncrement + ",\"endsAt\":\"" + endsAt + "\"}")),
                "creating auction " + title).path("id").asLong();
        auctions.add(id);
        return id;
    }

    // ------------------------------------------------------------------ reading state through the API

    JsonNode points(long member) {
        return expectOk(send(point, Request.get("/members/" + member + "/points")), "reading points");
    }

    JsonNode productView(long id) {
        return expectOk(send(order, Request.get("/products/" + id)), "reading product");
    }

    JsonNode auctionView(long id) {
        return expectOk(send(auction, Request.get("/auctions/" + id)), "reading auction");
    }

    JsonNode orderView(long id) {
        return expectOk(send(order, Request.get("/orders/" + id)), "reading order");
    }

    /** A new restock answered as done adds to what the product took in. */
    void restocked(long product, long quantity) {
        stockIn.merge(product, quantity, Long::sum);
    }

    static Exchange send(RawHttp.Service service, Request request) {
        return service.send(request);
    }

    static JsonNode expectOk(Exchange exchange, String what) {
        if (!exchange.answer().success() || exchange.answer().json() == null) {
            throw Violation.of("setup request failed: " + exchange.endpoint(), what + " failed", exchange);
        }
        return exchange.answer().json();
    }
}
