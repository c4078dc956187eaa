package dev.concurrency.contention;

import dev.concurrency.client.AuctionClient;
import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Faults around bidding and closing; afterwards every invariant of {@link AuctionBook} holds. */
class AuctionFaultsTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();
    static final long START = 100;
    static final long STEP = 10;

    /** An auction replica is killed (SIGKILL) just as many auctions end: each still closes once, and its winner pays once. */
    @Test
    void killNineOfAnAuctionReplicaWhileClosing() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (ServiceCluster points = ServiceCluster.points(CONFIG, "auctions-kill-9", Map.of());
             ServiceCluster auctions = ServiceCluster.auctions(CONFIG, "auctions-kill-9", points, Map.of())) {
            Http http = new Http();
            List<AuctionClient> replicas = auctions.auctionClients(http);
            PointClient pointClient = points.pointClients(http).get(0);
            AuctionBook book = new AuctionBook(replicas.get(0), pointClient);
            long seller = book.member("seller", 0);
            long[] people = book.members("closing", 30, 10_000_000);
            int lots = CONFIG.scaled(12);
            // Long enough to create the auctions and bid on them all before they end together.
            Instant endsAt = Instant.now().plus(Duration.ofSeconds(8).plusMillis(200L * lots));
            long[] ids = new long[lots];
            for (int i = 0; i < lots; i++) {
                ids[i] = book.auction(seller, START, STEP, endsAt);
            }
            LoadDriver.Run run = LoadDriver.over(replicas).clients(30).requests(lots * 10)
                    .run((i, replica) -> replica.bid(ids[i % lots], people[i % people.length], START + STEP * (1 + i / lots), null));

            // Kill one replica right when the auctions end, while its closer may be in the middle of closing them.
            ServiceReplica.pause(Duration.between(Instant.now(), endsAt).plusMillis(300));
            auctions.replica(replicas.size() - 1).kill9();

            ScenarioReport report = new ScenarioReport("fault.auction-replica-kill-9-closing", run);
            report.check(run.calls().stream().anyMatch(c -> c.reply().status() == 201), "no bid was accepted before the end");
            Duration late = book.awaitClosed(report, Duration.ofSeconds(60));
            System.out.printf("with a replica killed at the end, every auction closed at most %d ms after its end%n", late.toMillis());
            book.check(report, Duration.ofSeconds(90));
            PointScenariosTest.assertPasses(report, replicas.size());
        }
    }

    /**
     * point-service is stopped for five seconds while bids pour in: bids meanwhile are refused with
     * 503, and whatever they may have held is released; no hold is leaked or lost.
     */
    @Test
    void pointServiceDownDuringBidding() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (ServiceCluster points = ServiceCluster.points(CONFIG, "auctions-point-outage", Map.of());
             ServiceCluster auctions = ServiceCluster.auctions(CONFIG, "auctions-point-outage", points, Map.of())) {
            Http http = new Http(Duration.ofSeconds(30));
            List<AuctionClient> replicas = auctions.auctionClients(http);
            PointClient pointClient = points.pointClients(http).get(0);
            AuctionBook book = new AuctionBook(replicas.get(0), pointClient);
            long seller = book.member("seller", 0);
            long[] lots = new long[4];
            for (int i = 0; i < lots.length; i++) {
                lots[i] = book.auction(seller, START, STEP, Instant.now().plus(Duration.ofDays(1)));
            }
            long[] people = book.members("outage", 24, 10_000_000);
            // The fault runs beside the load; its own failure fails the test (get below).
            CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
                ServiceReplica.pause(Duration.ofSeconds(2));
                points.replicas().parallelStream().forEach(ServiceReplica::stop);
                ServiceReplica.pause(Duration.ofSeconds(5));
                points.replicas().parallelStream().forEach(replica -> {
                    replica.restart();
                    replica.awaitReady(Duration.ofSeconds(120));
                });
            });
            LoadDriver.Run run = LoadDriver.over(replicas).clients(12).forDuration(Duration.ofSeconds(12), Duration.ofMillis(100))
                    .run((i, replica) -> replica.bid(lots[i % lots.length], people[i % people.length], START + STEP * (1 + i), null));
            outage.get(300, TimeUnit.SECONDS);

            ScenarioReport report = new ScenarioReport("fault.point-service-down-bidding", run);
            report.check(run.calls().stream().anyMatch(c -> "SERVICE_UNAVAILABLE".equals(c.reply().code())), "no bid met the outage");
            report.checkEveryAnswer(r -> r.status() == 201 || r.status() == 503
                    || "BID_TOO_LOW".equals(r.code()) || "ALREADY_HIGHEST_BIDDER".equals(r.code()), "unexpected answers");
            book.check(report, Duration.ofSeconds(90));
            PointScenariosTest.assertPasses(report, replicas.size());
        }
    }
}
