package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Fault 3: the lock server dies in the middle of a burst and comes back a few seconds later,
 * empty (no persistence: locks and fencing counters are gone). Requests during the outage are
 * refused with 503; afterwards the same processes serve again, and nothing acknowledged is lost.
 */
class RedisOutageTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();

    @Test
    void redisDiesAndComesBackMidBurst() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (OwnRedis redis = OwnRedis.start(CONFIG.output().resolve("logs").resolve("redis-outage"));
             ServiceCluster cluster = ServiceCluster.points(CONFIG, "redis-outage", Map.of(
                     "quarkus.redis.hosts", redis.url(), "distributed-lock.wait-timeout", "5s"))) {
            List<PointClient> replicas = cluster.pointClients(new Http(Duration.ofSeconds(30)));
            long member = replicas.get(0).newMember("redis-outage");
            long[] downUp = new long[2];
            // The fault runs beside the load; its own failure fails the test (get below).
            CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
                ServiceReplica.pause(Duration.ofSeconds(2));
                downUp[0] = System.nanoTime();
                redis.kill();
                ServiceReplica.pause(Duration.ofSeconds(3));
                redis.restart();
                downUp[1] = System.nanoTime();
            });
            LoadDriver.Run run = LoadDriver.over(replicas).clients(12)
                    .forDuration(Duration.ofSeconds(9 + CONFIG.scale()), Duration.ofMillis(20))
                    .run((i, replica) -> replica.charge(member, 1_000 + i, "outage-" + member + "-" + i));
            outage.get(300, TimeUnit.SECONDS);

            ScenarioReport report = new ScenarioReport("fault.redis-outage", run);
            List<PointOps.Op> applied = PointOps.ledgerSince(replicas.get(0), member, 0);
            PointOps.checkAppliedExactlyAsAnswered(report, run.calls(), i -> new PointOps.Op("CHARGE", 1_000 + i), applied);
            report.check(run.calls().stream().allMatch(c -> c.reply().ok() || "SERVICE_UNAVAILABLE".equals(c.reply().code())),
                    "a request failed otherwise than with 503");
            report.check(run.calls().stream().anyMatch(c -> c.sentAt() > downUp[0] && c.sentAt() < downUp[1]
                    && "SERVICE_UNAVAILABLE".equals(c.reply().code())), "no request saw the outage");
            long settled = downUp[1] + Duration.ofSeconds(2).toNanos();
            List<LoadDriver.Call> after = run.calls().stream().filter(c -> c.sentAt() > settled).toList();
            report.check(!after.isEmpty() && after.stream().allMatch(c -> c.reply().ok()),
                    "service did not resume after Redis came back: " + after.stream().filter(c -> !c.reply().ok()).limit(3).toList());
            for (PointClient replica : replicas) {
                report.check(replica.get("/q/health/ready").status() == 200, replica.baseUrl() + " not ready again");
                report.check(replica.charge(member, 1).ok(), replica.baseUrl() + " cannot charge after the outage");
            }
            PointOps.checkLedger(report, replicas.get(0), member);
            PointScenariosTest.assertPasses(report, replicas.size());
        }
    }

    /**
     * Redis restarted, its data lost, while a burst on one member is being served: 300 charges with
     * Idempotency-Keys released together over every replica; once 30 are answered, Redis is killed
     * and started again at once, empty. Every answer is 200 or 503; each 200 is applied once and no
     * 503 is; the 503s retried with their keys all go through by themselves, so in the end each
     * charge is in the ledger exactly once.
     */
    @Test
    void redisRestartedEmptyInTheMiddleOfABurst() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (OwnRedis redis = OwnRedis.start(CONFIG.output().resolve("logs").resolve("redis-restart-burst"));
             ServiceCluster cluster = ServiceCluster.points(CONFIG, "redis-restart-burst", Map.of("quarkus.redis.hosts", redis.url()))) {
            List<PointClient> replicas = cluster.pointClients(new Http(Duration.ofSeconds(60)));
            long member = replicas.get(0).newMember("redis-restart-burst");
            int requests = CONFIG.scaled(300);
            java.util.function.IntFunction<String> key = i -> "restart-" + member + "-" + i;
            LoadDriver.Run run = LoadDriver.over(replicas).clients(requests).requests(requests)
                    .when(30, () -> {
                        redis.kill();
                        redis.restart();
                    })
                    .run((i, replica) -> replica.charge(member, 1 + i, key.apply(i)));

            ScenarioReport report = new ScenarioReport("fault.redis-restart-mid-burst", run);
            report.check(run.calls().stream().allMatch(c -> c.reply().ok() || c.reply().status() == 503),
                    "answered otherwise than 200 or 503: " + run.calls().stream().map(LoadDriver.Call::reply)
                            .filter(r -> !r.ok() && r.status() != 503).limit(3).toList());
            PointOps.checkAppliedExactlyAsAnswered(report, run.calls(), i -> new PointOps.Op("CHARGE", 1 + i),
                    PointOps.ledgerSince(replicas.get(0), member, 0));

            // Service resumes by itself: each refused charge, repeated with its key, goes through once.
            for (LoadDriver.Call call : run.calls()) {
                if (!call.reply().ok()) {
                    var retried = replicas.get(call.index() % replicas.size()).charge(member, 1 + call.index(), key.apply(call.index()));
                    report.check(retried.ok(), "charge " + call.index() + " repeated after the restart: " + retried);
                }
            }
            long all = (long) requests * (requests + 1) / 2;
            List<PointOps.Op> applied = PointOps.ledgerSince(replicas.get(0), member, 0);
            report.check(applied.size() == requests, applied.size() + " charges in the ledger, " + requests + " asked");
            report.check(PointOps.checkLedger(report, replicas.get(0), member) == all, "the balance is not every charge once");
            PointScenariosTest.assertPasses(report, replicas.size());
        }
    }
}
