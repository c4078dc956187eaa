package dev.concurrency.auction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.auction.repository.BidRepository;
import dev.concurrency.client.AuctionClient;
import dev.concurrency.client.Http;
import dev.concurrency.client.Reply;
import dev.concurrency.point.api.HoldStatus;
import dev.concurrency.point.standin.InjectStandIn;
import dev.concurrency.point.standin.PointServiceStandIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the auction tests share: the stand-in, the API over HTTP, members, bounded polling. */
abstract class AuctionTestBase {

    /** How long the closer and the hold-task worker get (both run every second). */
    static final Duration SETTLE = Duration.ofSeconds(30);
    /** Member ids unique to this run (the stand-in knows only these). */
    private static final AtomicLong MEMBERS = new AtomicLong(System.currentTimeMillis() * 100);

    @TestHTTPResource("/")
    URI base;

    @InjectStandIn
    PointServiceStandIn standIn;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @Inject
    BidRepository bidRepository;

    Http http;
    String url;

    @BeforeEach
    void setUpBase() {
        assertNotNull(standIn, "the stand-in was not injected");
        standIn.behave(PointServiceStandIn.Behaviour.NORMAL);
        circuitBreakers.resetAll(); // an earlier test's failures must not leave a circuit open
        http = new Http(Duration.ofSeconds(60));
        url = Http.trimSlash(base.toString());
    }

    // ---- members and auctions --------------------------------------------------------------

    long member(long balance) {
        long id = MEMBERS.incrementAndGet();
        standIn.addMember(id, balance);
        return id;
    }

    /** A member point-service does not know. */
    long stranger() {
        return MEMBERS.incrementAndGet();
    }

    static String in(Duration d) {
        return Instant.now().plus(d).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    Reply create(long sellerId, long startPrice, long minIncrement, String endsAt) {
        return http.post(url + "/auctions", "{\"sellerId\":" + sellerId + ",\"title\":\"Lot\",\"startPrice\":" + startPrice
                + ",\"minIncrement\":" + minIncrement + ",\"endsAt\":\"" + endsAt + "\"}", null);
    }

    /** Creates an auction and returns it, or fails. */
    JsonNode auction(long sellerId, long startPrice, long minIncrement, Duration endsIn) {
        Reply reply = create(sellerId, startPrice, minIncrement, in(endsIn));
        assertEquals(201, reply.status(), reply::toString);
        return reply.body();
    }

    Reply get(long auctionId) {
        return http.get(url + "/auctions/" + auctionId);
    }

    JsonNode auctionNow(long auctionId) {
        Reply reply = get(auctionId);
        assertEquals(200, reply.status(), reply::toString);
        return reply.body();
    }

    Reply bid(long auctionId, long bidderId, long amount, Long expectedPrice) {
        return http.post(url + "/auctions/" + auctionId + "/bids", "{\"bidderId\":" + bidderId + ",\"amount\":" + amount
                + (expectedPrice == null ? "" : ",\"expectedPrice\":" + expectedPrice) + "}", null);
    }

    /** Bids and expects 201; returns the bid. */
    JsonNode accepted(long auctionId, long bidderId, long amount) {
        Reply reply = bid(auctionId, bidderId, amount, null);
        assertEquals(201, reply.status(), reply::toString);
        return reply.body();
    }

    List<JsonNode> bids(long auctionId) {
        return new AuctionClient(http, url).bids(auctionId);
    }

    Reply close(long auctionId) {
        return http.post(url + "/auctions/" + auctionId + "/close", "", null);
    }

    /** The bids of this bidder on this auction as recorded (whatever their status), oldest first. */
    List<Bid> bidsOf(long auctionId, long bidderId) {
        return QuarkusTransaction.requiringNew().call(() -> bidRepository.list("auctionId = ?1 and bidderId = ?2 order by id", auctionId, bidderId));
    }

    static String holdId(JsonNode bid) {
        return "bid-" + bid.get("id").asLong();
    }

    // ---- assertions and waiting ------------------------------------------------------------

    static void assertProblem(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/problem+json"), () -> "content type: " + reply);
        assertEquals(code, reply.code(), reply::toString);
    }

    /** Polls until the auction satisfies {@code done}. */
    JsonNode awaitAuction(long auctionId, Predicate<JsonNode> done, String what) {
        return await(() -> auctionNow(auctionId), done, "auction " + auctionId + " " + what);
    }

    /** Polls until the stand-in's hold has one of these statuses. */
    void awaitHold(String holdId, HoldStatus... statuses) {
        List<HoldStatus> wanted = List.of(statuses);
        await(() -> standIn.holdStatus(holdId), wanted::contains,
                "hold " + holdId + " " + wanted + " (point-service saw " + standIn.callsFor(holdId) + ")");
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        await(condition::getAsBoolean, Boolean::booleanValue, what);
    }

    static <T> T await(Supplier<T> probe, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        T last;
        do {
            last = probe.get();
            if (last != null && done.test(last)) {
                return last;
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        return fail("not " + what + " within " + SETTLE + "; last seen: " + last);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
