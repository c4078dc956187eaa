package dev.concurrency.chart;

import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import dev.concurrency.contention.LoadDriver;
import dev.concurrency.contention.PointOps;
import dev.concurrency.contention.ScenarioReport;
import dev.concurrency.contention.Settlement;
import dev.concurrency.contention.SuiteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faults the container runtime makes real, on the chart's containers ({@link RunningChart}),
 * with every request through the entry point's containers and charges of one member, each with its
 * own amount and Idempotency-Key:
 * <ol>
 *   <li>{@code docker kill} of a point-service replica in the middle of a burst;</li>
 *   <li>{@code docker pause} (the cgroup freezer) of the replica holding the member's lock, past the lease;</li>
 *   <li>a network partition: the lock holder is cut off Redis's network and goes on working; its
 *       write is refused by the fence, and it rejoins by itself once reconnected.</li>
 * </ol>
 * Afterwards every acknowledged charge is in the ledger exactly once, no refused one at all; every
 * request whose outcome is unknown (no answer, or the entry point's own 503: the replica died with
 * it) is repeated with its key, and then every charge is applied exactly once.
 */
@EnabledIfSystemProperty(named = "chart.run", matches = "true")
@ExtendWith(RunningChart.class)
class ContainerFaultsTest {

    /** The point-service lease of the chart (distributed-lock.lease of the image's configuration). */
    static final Duration LEASE = Duration.ofSeconds(5);
    /** A holder whose lock keeps its owner this long with no renewal is frozen: a live one renews every lease/3. */
    static final Duration FROZEN_FOR = Duration.ofMillis(LEASE.toMillis() * 3 / 5);
    static final int ATTEMPTS = 30;
    /** The request indices of the charges sent to a replica directly, apart from the load's. */
    static final int DIRECT = 1_000_000;
    /** How long the others' charges may take while the holder is frozen, before it is thawed anyway. */
    static final Duration OTHERS_WAIT = Duration.ofSeconds(10);
    /** Freezes of the holder cut off Redis, until one catches it with a write still to make. */
    static final int PARTITION_ROUNDS = 4;

    /** Threads of their own for the load and the direct charges: not the common pool, whose one thread (on 2 cores) the load would keep. */
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    private final DockerPods pods = RunningChart.pods();
    private final Http http = new Http(Duration.ofSeconds(180));
    private final Http scrapes = new Http(Duration.ofSeconds(10));
    private final List<PointClient> entry = pods.entryUrls("gateway", 8080).stream().map(u -> new PointClient(http, u)).toList();
    private final List<DockerPods.Pod> replicas = pods.pods("point-service");

    /**
     * 300 charges of one member released together; when the first is answered, the replica with the
     * most requests still in flight (its own http_server_active_requests) is killed.
     */
    @Test
    void aReplicaKilledInTheMiddleOfABurstLosesNothing() throws Exception {
        long member = entry.get(0).newMember("container-kill");
        int requests = 300;
        String keys = "container-kill-" + member + "-";
        DockerPods.Pod[] victim = new DockerPods.Pod[1];
        int[] restartsBefore = new int[1];
        double[] inFlight = new double[1];

        LoadDriver.Run run = LoadDriver.over(entry).clients(requests).requests(requests)
                .when(1, () -> {
                    victim[0] = replicas.get(replicas.size() - 1);
                    for (DockerPods.Pod pod : replicas) {
                        double active;
                        try {
                            active = metric(pod, "http_server_active_requests");
                        } catch (AssertionError e) {
                            continue; // not answering its metrics: not the one to choose
                        }
                        if (active > inFlight[0]) {
                            inFlight[0] = active;
                            victim[0] = pod;
                        }
                    }
                    restartsBefore[0] = victim[0].restarts;
                    pods.kill(victim[0]);
                })
                .run((i, client) -> client.charge(member, 1_000 + i, keys + i));

        LoadDriver.Run known = withUnknownOutcomes(run);
        ScenarioReport report = new ScenarioReport("container.kill-mid-burst", known);
        report.check(known.calls().stream().anyMatch(c -> !c.reply().answered()),
                "the kill of " + victim[0] + " (" + inFlight[0] + " requests in flight) did not land in the burst");
        settle(report, known, member, keys, requests);
        awaitRejoined(victim[0], restartsBefore[0] + 1);
        pass(report);
    }

    @Test
    void aLockHolderFrozenPastItsLeaseLosesNothing() throws Exception {
        Frozen frozen = freezeTheHolderUnderLoad("container-pause", false);
        pass(frozen.report);
    }

    @Test
    void aLockHolderCutOffRedisIsFencedAndRejoinsByItself() throws Exception {
        Frozen frozen = freezeTheHolderUnderLoad("container-partition", true);
        frozen.report.check(frozen.fencingRejections > 0,
                "the holder cut off Redis had no write refused by the fence in " + frozen.rounds + " freezes (each caught it after its write)");
        // It rejoins by itself: once reconnected, it charges again, without a restart.
        pods.reconnect(frozen.holder, "redis");
        long other = entry.get(0).newMember("container-partition-rejoin");
        PointClient direct = direct(frozen.holder);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long charged = 0;
        Reply reply;
        do {
            reply = direct.charge(other, 5);
            charged += reply.ok() ? 5 : 0;
        } while (!reply.ok() && System.nanoTime() < deadline && pause(Duration.ofMillis(500)));
        frozen.report.check(reply.ok(), "reconnected, the replica still does not charge: " + reply);
        frozen.report.check(entry.get(0).points(other).number("balance") == charged, "a rejoining charge was applied more or less than answered");
        frozen.report.check(frozen.holder.restarts == frozen.restartsBefore, "the replica was restarted instead of rejoining");
        awaitRejoined(frozen.holder, frozen.restartsBefore);
        pass(frozen.report);
    }

    /** The frozen lock holder, and its count of fencing rejections before it was frozen. */
    record Caught(DockerPods.Pod pod, long fencingRejections) {
    }

    /** What {@link #freezeTheHolderUnderLoad} did. */
    record Frozen(ScenarioReport report, DockerPods.Pod holder, int restartsBefore, long fencingRejections, int rounds) {
    }

    /**
     * Charges of one member go on through the entry point while the replica holding its lock is
     * frozen (and, with {@code partition}, cut off Redis's network while frozen) until another replica
     * has taken the lock and gone on charging; then it is thawed and goes on. With a partition this
     * is repeated (a few rounds at most) until the frozen holder had a write pending, so that its
     * refusal by the fence is seen; without, one round.
     */
    private Frozen freezeTheHolderUnderLoad(String scenario, boolean partition) throws Exception {
        long member = entry.get(0).newMember(scenario);
        String keys = scenario + "-" + member + "-";
        String lockKey = "point:lock:{member:" + member + "}";
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acknowledged = new AtomicInteger();
        CompletableFuture<LoadDriver.Run> load = CompletableFuture.supplyAsync(() -> {
            try {
                return LoadDriver.over(entry).clients(48).until(stop::get).run((i, client) -> {
                    Reply reply = client.charge(member, 1_000 + i, keys + i);
                    if (reply.ok()) {
                        acknowledged.incrementAndGet();
                    }
                    return reply;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        List<LoadDriver.Call> direct = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        DockerPods.Pod holder = null;
        int restartsBefore = 0;
        long rejectionsBefore = 0;
        long rejections = 0;
        boolean frozen = false;
        boolean cut = false;
        boolean done = false;
        try (RedisPeek redis = RedisPeek.of(pods)) {
            awaitAcknowledged(acknowledged, 50, load);
            while (!done) {
                Caught caught = freezeTheHolder(redis, lockKey);
                frozen = true;
                holder = caught.pod;
                restartsBefore = holder.restarts;
                rejectionsBefore = caught.fencingRejections;
                if (partition) {
                    pods.disconnect(holder, "redis");
                    cut = true;
                }
                // The others take the lock once the lease has run out...
                String frozenOwner = redis.get(lockKey);
                long deadline = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
                String owner;
                do {
                    owner = redis.get(lockKey);
                } while ((owner == null || owner.equals(frozenOwner)) && System.nanoTime() < deadline && pause(Duration.ofMillis(50)));
                boolean tookOver = owner != null && !owner.equals(frozenOwner);
                // ...and charge, each directly (the load's clients may all be waiting on the frozen one). They
                // wait too if the holder was frozen holding the row's database lock (between its write and its
                // commit): the freeze ends after OTHERS_WAIT either way, well before the liveness probe restarts it.
                List<CompletableFuture<LoadDriver.Call>> others = new ArrayList<>();
                for (DockerPods.Pod other : replicas) {
                    if (other != holder) {
                        int index = DIRECT + direct.size() + others.size();
                        PointClient client = direct(other);
                        int replica = replicas.indexOf(other);
                        others.add(CompletableFuture.supplyAsync(() ->
                                new LoadDriver.Call(index, replica, System.nanoTime(), client.charge(member, 1_000 + index, keys + index)), THREADS));
                    }
                }
                boolean wentOn;
                try {
                    CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(OTHERS_WAIT.toSeconds(), TimeUnit.SECONDS);
                    wentOn = others.stream().allMatch(f -> f.join().reply().ok());
                } catch (TimeoutException e) {
                    wentOn = false;
                }
                pods.thaw(holder);
                frozen = false;
                for (CompletableFuture<LoadDriver.Call> call : others) {
                    direct.add(call.get(3, TimeUnit.MINUTES));
                }
                rejections = awaitFencingRejections(holder, rejectionsBefore);
                rounds.add(holder + " frozen holding the lock: others took it " + tookOver + ", charged while it was frozen " + wentOn
                        + ", its write refused by the fence " + (rejections > rejectionsBefore));
                assertTrue(tookOver, () -> "the others never took the lock from the frozen holder: " + rounds);
                done = !partition || rejections > rejectionsBefore || rounds.size() == PARTITION_ROUNDS;
                if (!done) {
                    pods.reconnect(holder, "redis");
                    cut = false;
                }
            }
        } finally {
            stop.set(true);
            // after a failure: leave nothing frozen or cut off for the next scenario (the failure is what is reported)
            try {
                if (frozen) {
                    pods.thaw(holder);
                }
                if (cut && !done) {
                    pods.reconnect(holder, "redis");
                }
            } catch (RuntimeException e) {
                System.err.println("could not undo the fault on " + holder + ": " + e);
            }
        }
        System.out.println(scenario + ": " + String.join("; ", rounds));
        LoadDriver.Run run = load.get(5, TimeUnit.MINUTES);
        List<LoadDriver.Call> calls = new ArrayList<>(run.calls());
        calls.addAll(direct);
        LoadDriver.Run known = withUnknownOutcomes(new LoadDriver.Run(calls, run.nanos()));
        ScenarioReport report = new ScenarioReport("container." + scenario, known);
        report.check(direct.stream().allMatch(c -> c.reply().ok()), "the others' charges failed: " + direct);
        settle(report, known, member, keys, calls.size());
        return new Frozen(report, holder, restartsBefore, rejections - rejectionsBefore, rounds.size());
    }

    /**
     * Freezes point-service replicas in turn until one of them is the member's lock holder: the lock
     * then keeps its owner, unrenewed, for longer than a live holder could leave it so. A replica that
     * is not the holder is thawed at once.
     */
    private Caught freezeTheHolder(RedisPeek redis, String lockKey) throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            DockerPods.Pod candidate = replicas.get(attempt % replicas.size());
            long rejections = fencingRejections(candidate);
            pods.freeze(candidate);
            String owner = redis.get(lockKey);
            long ttl = redis.pttl(lockKey);
            long until = System.nanoTime() + FROZEN_FOR.toNanos();
            boolean held = owner != null;
            while (held && System.nanoTime() < until) {
                pause(Duration.ofMillis(100));
                long now = redis.pttl(lockKey);
                held = owner.equals(redis.get(lockKey)) && now <= ttl;
                ttl = now;
            }
            if (held) {
                return new Caught(candidate, rejections);
            }
            pods.thaw(candidate);
        }
        throw new AssertionError("in " + ATTEMPTS + " freezes no point-service replica was caught holding " + lockKey);
    }

    /** Calls whose outcome the client cannot know, as no answer: none came, or the entry point's own 503 (the replica died with it). */
    static LoadDriver.Run withUnknownOutcomes(LoadDriver.Run run) {
        return new LoadDriver.Run(run.calls().stream().map(c -> unknown(c.reply())
                ? new LoadDriver.Call(c.index(), c.replica(), c.sentAt(), new Reply(0, null, null, c.reply().latencyNanos(),
                        "the entry point: " + c.reply()))
                : c).toList(), run.nanos());
    }

    private static boolean unknown(Reply reply) {
        return !reply.answered() || reply.status() == 503 && reply.body() != null
                && reply.body().path("detail").asText().contains("may have taken effect");
    }

    /**
     * Every acknowledged charge applied once, no refused one; then the unknown ones repeated with
     * their keys: every charge asked for is applied exactly once, and the balance is their sum.
     */
    private void settle(ScenarioReport report, LoadDriver.Run run, long member, String keys, int requests) {
        PointClient reader = entry.get(0);
        PointOps.checkAppliedExactlyAsAnswered(report, run.calls(), ContainerFaultsTest::op, PointOps.ledgerSince(reader, member, 0));
        long expected = 0;
        for (LoadDriver.Call call : run.calls()) {
            Reply reply = call.reply();
            if (!reply.answered()) {
                reply = reader.charge(member, 1_000 + call.index(), keys + call.index());
                report.check(reply.ok(), "the repeat of request " + call.index() + " (" + call.reply().error() + ") answered " + reply);
            }
            expected += reply.ok() ? 1_000 + call.index() : 0;
        }
        List<PointOps.Op> applied = PointOps.ledgerSince(reader, member, 0);
        report.check(new HashSet<>(applied).size() == applied.size(), "a charge was applied twice");
        report.check(PointOps.checkLedger(report, reader, member) == expected,
                "the balance is not the sum of the acknowledged charges (" + expected + ")");
        report.check(run.calls().size() == requests, "the run made " + run.calls().size() + " of " + requests + " requests");
    }

    static PointOps.Op op(int i) {
        return new PointOps.Op("CHARGE", 1_000 + i);
    }

    private void awaitRejoined(DockerPods.Pod pod, int restarts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!(pod.ready && pod.restarts >= restarts)) {
            assertTrue(System.nanoTime() < deadline, () -> pod + " is not ready again within 3 min: " + pod.lastProbeFailure);
            Thread.sleep(500);
        }
    }

    private static void awaitAcknowledged(AtomicInteger acknowledged, int atLeast, CompletableFuture<?> load) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (acknowledged.get() < atLeast) {
            assertTrue(!load.isDone() && System.nanoTime() < deadline,
                    "the load did not reach " + atLeast + " acknowledged charges (" + acknowledged.get() + ")");
            Thread.sleep(50);
        }
    }

    /** The replica's count of writes the fence refused. */
    private long fencingRejections(DockerPods.Pod pod) {
        return (long) metric(pod, "dlock_fencing_rejections_total");
    }

    /** A metric of the replica's own /q/metrics, summed over its tags. */
    private double metric(DockerPods.Pod pod, String name) {
        Reply metrics = scrapes.get(pods.url(pod) + "/q/metrics");
        assertEquals(200, metrics.status(), () -> pod + " /q/metrics: " + metrics);
        return Settlement.parse(metrics.body() == null ? "" : metrics.body().asText()).entrySet().stream()
                .filter(series -> series.getKey().equals(name) || series.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The replica itself, at its address, not through the entry point. */
    private PointClient direct(DockerPods.Pod pod) {
        return new PointClient(http, pods.url(pod));
    }

    /** The thawed holder finishes what it was doing within seconds; its count once it has (or as it stays). */
    private long awaitFencingRejections(DockerPods.Pod pod, long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long now = fencingRejections(pod);
        while (now == before && System.nanoTime() < deadline) {
            Thread.sleep(250);
            now = fencingRejections(pod);
        }
        return now;
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pass(ScenarioReport report) {
        String line = report.publish(SuiteConfig.load(), replicas.size());
        assertEquals(List.of(), report.violations(), line);
    }
}
