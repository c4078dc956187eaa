package dev.concurrency.auction;

import dev.concurrency.client.auth.AccessRules;
import dev.concurrency.client.auth.AccessRules.Rule;
import dev.concurrency.client.auth.Identity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.concurrency.client.auth.Identity.admin;
import static dev.concurrency.client.auth.Identity.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/api.md#authentication on every endpoint of auction-service, black-box: 401 without a valid token, 403 for an
 * identity without the right (selling or bidding as another member, an admin or a service token
 * selling, bidding or closing), the answer for the one with it.
 */
@QuarkusTest
@WithTestResource(StandInPointService.class)
class AuthRulesTest extends AuctionTestBase {

    @Test
    void everyEndpointAdmitsOnlyWhomTheContractNames() {
        long seller = member(0);
        long bidder = member(1_000);
        long auction = auction(seller, 100, 10, Duration.ofHours(1)).get("id").asLong();
        Identity me = Identity.member(bidder);
        Identity sellerToken = Identity.member(seller);

        List<Rule> rules = List.of(
                Rule.post("/auctions", "{\"sellerId\":" + seller + ",\"title\":\"Lot\",\"startPrice\":5,\"minIncrement\":1,\"endsAt\":\""
                        + in(Duration.ofHours(1)) + "\"}", sellerToken, 201, me, admin(), service()),
                Rule.get("/auctions/" + auction, me, service()),
                Rule.get("/auctions/" + auction, admin()),
                Rule.post("/auctions/" + auction + "/bids", "{\"bidderId\":" + bidder + ",\"amount\":150}", me, 201,
                        sellerToken, admin(), service()),
                Rule.get("/auctions/" + auction + "/bids", me, service()),
                Rule.get("/auctions/" + auction + "/bids", admin()),
                // Any member may ask to close (this one has not ended yet); nobody else may.
                Rule.post("/auctions/" + auction + "/close", "", me, 409, admin(), service()));
        List<String> wrong = new ArrayList<>();
        for (Rule rule : rules) {
            wrong.addAll(AccessRules.violations(http, url, rule));
        }
        assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));

        // Only the allowed bid took effect, and only its points are held.
        assertEquals(150, auctionNow(auction).get("currentPrice").asLong());
        assertEquals(1, auctionNow(auction).get("bidCount").asInt());
        assertEquals(150, standIn.held(bidder));
    }
}
