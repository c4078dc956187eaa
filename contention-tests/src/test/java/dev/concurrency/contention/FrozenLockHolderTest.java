package dev.concurrency.contention;

import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Fault 2: a replica is frozen (SIGSTOP) while it holds a member's lock, inside its critical
 * section (it has claimed and read the row), for longer than the lease. The other replicas take
 * over and keep charging; when the frozen one is resumed (SIGCONT), its stale write is refused by
 * fencing (503), and no acknowledged charge is lost. The same with the lock but without fencing
 * (points.concurrency-control=REDIS_LOCK): the resumed holder's write lands on top of everything the
 * others did meanwhile, and acknowledged charges are lost (the reason fencing exists).
 */
class FrozenLockHolderTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();
    static final Duration LEASE = Duration.ofSeconds(2);
    /** How long the row-lock holder stays frozen. */
    static final Duration FREEZE = Duration.ofSeconds(4);
    /** Below every burst amount (100 + i) and different from the frozen charge (7). */
    static final long INITIAL = 50;

    /** What happened around the frozen holder. */
    record Outcome(ServiceCluster cluster, List<PointClient> replicas, long member, LoadDriver.Run run, Reply staleReply) {
        PointClient reader() {
            return replicas.get(1);
        }

        long acknowledged() {
            return INITIAL + run.calls().stream().filter(c -> c.reply().ok()).mapToLong(c -> 100 + c.index()).sum();
        }
    }

    @Test
    void withoutFencingTheFrozenHoldersWriteErasesTheOthers() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (ServiceCluster cluster = ServiceCluster.points(CONFIG, "sigstop-unfenced", Map.of(
                ServiceCluster.FAULT_INJECTION, "true",
                "points.concurrency-control", "REDIS_LOCK",
                "distributed-lock.lease", LEASE.toMillis() + "ms"))) {
            Outcome o = freezeHolderWhileOthersCharge(cluster);
            assertEquals(200, o.staleReply().status(), () -> "without fencing the stale write is accepted: " + o.staleReply());
            long balance = o.reader().points(o.member()).number("balance");
            // The stale holder read INITIAL and wrote INITIAL + 7 over every charge made while it was frozen.
            assertEquals(INITIAL + 7, balance, "the resumed holder's write did not land on top");
            assertTrue(balance < o.acknowledged(), "acknowledged charges were lost");
        }
    }

    /**
     * The same pause under the database's row lock (points.concurrency-control=PESSIMISTIC_LOCK): the
     * frozen holder keeps the member's row locked, so nobody else's change of that member gets through
     * until it is resumed; nothing is lost, but the member is stuck for as long as the pause lasts
     * (up to innodb_lock_wait_timeout per waiter, then 503s). A Redis lock's lease bounds this.
     */
    @Test
    void withRowLocksAFrozenHolderStopsEveryoneElse() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (ServiceCluster cluster = ServiceCluster.points(CONFIG, "sigstop-row-lock", Map.of(
                ServiceCluster.FAULT_INJECTION, "true",
                "points.concurrency-control", "PESSIMISTIC_LOCK"))) {
            Http http = new Http();
            List<PointClient> replicas = cluster.pointClients(http);
            List<PointClient> others = replicas.subList(1, replicas.size());
            long member = others.get(0).newMember("frozen-row-lock-holder");
            others.get(0).charge(member, INITIAL);
            CompletableFuture<Reply> stale = CompletableFuture.supplyAsync(() -> charge(http, replicas.get(0), member, 7, 1000));
            cluster.replica(0).awaitLog("inside the critical section of member " + member, Duration.ofSeconds(30));
            cluster.replica(0).freeze();

            ExecutorService load = Executors.newSingleThreadExecutor();
            try {
                Future<LoadDriver.Run> run = load.submit(() -> LoadDriver.over(others).clients(4).requests(8)
                        .run((i, replica) -> replica.charge(member, 100 + i)));
                Thread.sleep(FREEZE.toMillis()); // the length of the fault, not a wait for an outcome
                long thawedAt = System.nanoTime();
                cluster.replica(0).thaw();

                assertEquals(200, stale.get(60, TimeUnit.SECONDS).status(), "the row-lock holder's own change is fine");
                for (LoadDriver.Call call : run.get(120, TimeUnit.SECONDS).calls()) {
                    assertEquals(200, call.reply().status(), call.reply()::toString);
                    assertTrue(call.sentAt() + call.reply().latencyNanos() >= thawedAt,
                            "a change of the member got through while the row-lock holder was frozen");
                }
                assertEquals(INITIAL + 7 + (100 + 107) * 8 / 2, others.get(0).assertLedgerMatches(member));
            } finally {
                load.shutdownNow();
            }
        }
    }

    @Test
    void aFrozenHoldersWriteIsRefusedAfterOthersTookOver() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        frozenHoldersWriteIsRefused("sigstop", Map.of());
    }

    /**
     * The same under MariaDB's snapshot isolation (innodb_snapshot_isolation, on by default from 11.6):
     * the database itself refuses the resumed holder's write, as its row changed after the holder read
     * it (error 1020, "Record has changed since last read"). That is the fence's refusal too: 503,
     * nothing applied, counted as a fencing rejection; never a 500.
     */
    @Test
    void underSnapshotIsolationTheFrozenHoldersWriteIsRefusedAlike() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        frozenHoldersWriteIsRefused("sigstop-snapshot-isolation", Map.of("quarkus.datasource.jdbc.url",
                "jdbc:mysql://" + CONFIG.dbHost() + "/point_contention?sessionVariables=innodb_snapshot_isolation=ON"));
    }

    private static void frozenHoldersWriteIsRefused(String scenario, Map<String, String> database) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(database);
        settings.put(ServiceCluster.FAULT_INJECTION, "true");
        settings.put("distributed-lock.lease", LEASE.toMillis() + "ms");
        try (ServiceCluster cluster = ServiceCluster.points(CONFIG, scenario, settings)) {
            Outcome o = freezeHolderWhileOthersCharge(cluster);
            List<PointClient> replicas = o.replicas();
            List<PointClient> others = replicas.subList(1, replicas.size());
            PointClient frozen = replicas.get(0);
            long member = o.member();
            LoadDriver.Run run = o.run();
            Reply staleReply = o.staleReply();

            ScenarioReport report = new ScenarioReport("fault." + scenario + "-lock-holder", run);
            report.check(run.calls().stream().allMatch(c -> c.reply().ok()), "the others did not go on while the holder was frozen");
            report.check(staleReply.status() == 503 && "SERVICE_UNAVAILABLE".equals(staleReply.code()),
                    "the frozen holder's write was not refused: " + staleReply);
            List<PointOps.Op> applied = PointOps.ledgerSince(others.get(0), member, 0);
            report.check(!applied.contains(new PointOps.Op("CHARGE", 7)), "the frozen holder's stale charge was applied");
            PointOps.checkAppliedExactlyAsAnswered(report, run.calls(), i -> new PointOps.Op("CHARGE", 100 + i),
                    applied.stream().filter(op -> op.amount() != INITIAL).toList());
            report.check(PointOps.checkLedger(report, others.get(0), member) == o.acknowledged(), "an acknowledged charge was lost");
            Reply metrics = frozen.get("/q/metrics");
            report.check(metrics.body() != null && metrics.body().asText().matches("(?s).*dlock_fencing_rejections_total\\{family=\"member\",?\\} [1-9].*"),
                    "the frozen replica did not count a fencing rejection");
            PointScenariosTest.assertPasses(report, replicas.size());
        }
    }

    /**
     * The frozen holder leads a batch: while replica 1 holds the member's lock (paused inside its
     * critical section), three charges queue up at replica 0, one of them asking to pause; when the
     * lock arrives they run as one batch, and replica 0 is frozen inside it, past its lease. The others
     * go on meanwhile. On thawing, the batch's single write is refused by the fence: every charge of
     * it is answered 503 and none is applied; every acknowledged charge is in the ledger once.
     */
    @Test
    void aFrozenBatchIsRefusedWholeAfterOthersTookOver() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (ServiceCluster cluster = ServiceCluster.points(CONFIG, "sigstop-batch", Map.of(
                ServiceCluster.FAULT_INJECTION, "true",
                "distributed-lock.lease", LEASE.toMillis() + "ms"))) {
            Http http = new Http();
            List<PointClient> replicas = cluster.pointClients(http);
            List<PointClient> others = replicas.subList(1, replicas.size());
            long member = others.get(0).newMember("frozen-batch");
            others.get(0).charge(member, INITIAL);

            CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> charge(http, others.get(0), member, 3, 1500));
            cluster.replica(1).awaitLog("inside the critical section of member " + member, Duration.ofSeconds(30));
            long[] batched = {11, 7, 13};
            List<CompletableFuture<Reply>> batch = new ArrayList<>();
            for (long amount : batched) {
                batch.add(CompletableFuture.supplyAsync(() -> charge(http, replicas.get(0), member, amount, amount == 7 ? 4000 : 0)));
            }
            cluster.replica(0).awaitLog("inside the critical section of member " + member, Duration.ofSeconds(30));
            cluster.replica(0).freeze();
            RedisProbe.awaitGone(CONFIG.redisUrl(), "point:lock:{member:" + member + "}", LEASE.multipliedBy(10));
            LoadDriver.Run run = LoadDriver.over(others).clients(16).requests(CONFIG.scaled(50))
                    .run((i, replica) -> replica.charge(member, 100 + i));
            cluster.replica(0).thaw();

            ScenarioReport report = new ScenarioReport("fault.sigstop-batch-leader", run);
            report.check(first.get(60, TimeUnit.SECONDS).status() == 200, "the first holder's charge failed");
            report.check(run.calls().stream().allMatch(c -> c.reply().ok()), "the others did not go on while the batch was frozen");
            List<PointOps.Op> applied = PointOps.ledgerSince(others.get(0), member, 0);
            long acknowledged = INITIAL + 3 + run.calls().stream().mapToLong(c -> 100 + c.index()).sum();
            for (int i = 0; i < batched.length; i++) {
                Reply reply = batch.get(i).get(60, TimeUnit.SECONDS);
                boolean inLedger = applied.contains(new PointOps.Op("CHARGE", batched[i]));
                if (batched[i] == 7) {
                    report.check(reply.status() == 503, "the frozen charge was not refused: " + reply);
                }
                report.check(reply.ok() == inLedger, "charge of " + batched[i] + " answered " + reply + " but in the ledger: " + inLedger);
                acknowledged += reply.ok() ? batched[i] : 0;
            }
            report.check(PointOps.checkLedger(report, others.get(0), member) == acknowledged, "an acknowledged charge was lost");
            PointScenariosTest.assertPasses(report, replicas.size());
        }
    }

    private static Reply charge(Http http, PointClient replica, long member, long amount, long pauseMillis) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/members/" + member + "/points/charge"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"amount\":" + amount + "}"));
        if (pauseMillis > 0) {
            request.header("X-Fault-Pause-Ms", Long.toString(pauseMillis));
        }
        return http.send(http.authorized(request, Identity.member(member)));
    }

    /**
     * Replica 0 enters a member's critical section (lock held, row read, not yet written) and is
     * frozen there past its lease; the others charge the member meanwhile; then it is resumed.
     */
    private static Outcome freezeHolderWhileOthersCharge(ServiceCluster cluster) throws Exception {
        Http http = new Http();
        List<PointClient> replicas = cluster.pointClients(http);
        PointClient frozen = replicas.get(0);
        List<PointClient> others = replicas.subList(1, replicas.size());
        long member = others.get(0).newMember("frozen-holder");
        others.get(0).charge(member, INITIAL);

        // The victim enters the critical section and pauses there; freeze it right then.
        CompletableFuture<Reply> stale = CompletableFuture.supplyAsync(() -> charge(http, frozen, member, 7, 4000));
        cluster.replica(0).awaitLog("inside the critical section of member " + member, Duration.ofSeconds(30));
        cluster.replica(0).freeze();
        RedisProbe.awaitGone(CONFIG.redisUrl(), "point:lock:{member:" + member + "}", LEASE.multipliedBy(10));

        // Meanwhile the others go on.
        LoadDriver.Run run = LoadDriver.over(others).clients(16).requests(CONFIG.scaled(100))
                .run((i, replica) -> replica.charge(member, 100 + i));
        cluster.replica(0).thaw();
        return new Outcome(cluster, replicas, member, run, stale.get(60, TimeUnit.SECONDS));
    }
}
