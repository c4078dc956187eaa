package dev.concurrency.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.auth.Identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** auction-service's public API (docs/api.md#auction-service) at one base URL. */
public final class AuctionClient {

    private final Http http;
    private final String base;

    public AuctionClient(Http http, String baseUrl) {
        this.http = http;
        this.base = Http.trimSlash(baseUrl);
    }

    public String baseUrl() {
        return base;
    }

    /** Creates an auction and returns its id, or fails. */
    public long newAuction(long sellerId, String title, long startPrice, long minIncrement, Instant endsAt) {
        Reply reply = http.post(base + "/auctions", "{\"sellerId\":" + sellerId + ",\"title\":\"" + title + "\",\"startPrice\":"
                + startPrice + ",\"minIncrement\":" + minIncrement + ",\"endsAt\":\"" + endsAt + "\"}", null, Identity.member(sellerId));
        if (reply.status() != 201) {
            throw new AssertionError("creating auction '" + title + "' failed: " + reply);
        }
        return reply.number("id");
    }

    public Reply auction(long id) {
        return http.get(base + "/auctions/" + id, Identity.admin());
    }

    public Reply bid(long auctionId, long bidderId, long amount, Long expectedPrice) {
        return http.post(base + "/auctions/" + auctionId + "/bids", "{\"bidderId\":" + bidderId + ",\"amount\":" + amount
                + (expectedPrice == null ? "" : ",\"expectedPrice\":" + expectedPrice) + "}", null, Identity.member(bidderId));
    }

    public Reply close(long auctionId) {
        return http.post(base + "/auctions/" + auctionId + "/close", "", null, Identity.someMember());
    }

    /** Every accepted bid in the order they were accepted, read page by page. */
    public List<JsonNode> bids(long auctionId) {
        return Pages.all(http, base + "/auctions/" + auctionId + "/bids", Identity.admin(), "bids of auction " + auctionId);
    }
}
