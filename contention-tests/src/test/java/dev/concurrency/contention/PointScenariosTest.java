package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Points under contention across replicas (3 processes by default), all through real HTTP.
 * Also runs in external mode against a deployment given by contention.point.urls.
 */
class PointScenariosTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();
    static ServiceCluster cluster;
    static List<PointClient> replicas;
    static PointClient any;

    @BeforeAll
    static void startReplicas() {
        cluster = ServiceCluster.points(CONFIG, "points", Map.of());
        replicas = cluster.pointClients(new Http());
        any = replicas.get(0);
    }

    @AfterAll
    static void stopReplicas() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** One member, charges and uses mixed, from many clients over every replica. */
    @Test
    void hotMemberChargeUseMix() throws Exception {
        long member = any.newMember("hot-mix");
        int requests = CONFIG.scaled(600);
        LoadDriver.Run run = LoadDriver.over(replicas).clients(48).requests(requests)
                .run((i, replica) -> i % 3 == 2 ? replica.use(member, 1_000 + i) : replica.charge(member, 1_000 + i));

        ScenarioReport report = new ScenarioReport("points.hot-member-mix", run);
        PointOps.checkAppliedExactlyAsAnswered(report, run.calls(), PointScenariosTest::mixOp, PointOps.ledgerSince(any, member, 0));
        long expected = 0;
        for (LoadDriver.Call call : run.calls()) {
            if (call.reply().ok()) {
                PointOps.Op op = mixOp(call.index());
                expected += op.type().equals("CHARGE") ? op.amount() : -op.amount();
            } else {
                report.check("INSUFFICIENT_POINTS".equals(call.reply().code()), "unexpected refusal " + call.reply());
            }
        }
        report.check(PointOps.checkLedger(report, any, member) == expected, "balance is not the sum of acknowledged operations");
        assertPasses(report);
    }

    /**
     * A burst: 300 charges of one member released together by one latch over every replica (each
     * request its own client, nothing paced). Each is queued and answered 200, none 503; the balance
     * and the ledger are exactly their sum.
     */
    @Test
    void aBurstOfChargesOnOneMemberIsAnsweredInFull() throws Exception {
        long member = any.newMember("burst");
        int requests = CONFIG.scaled(300);
        LoadDriver.Run run = LoadDriver.over(replicas).clients(requests).requests(requests)
                .run((i, replica) -> replica.charge(member, 1 + i));

        ScenarioReport report = new ScenarioReport("points.burst-one-member", run);
        List<Reply> refused = run.calls().stream().map(LoadDriver.Call::reply).filter(r -> r.status() != 200).limit(3).toList();
        report.check(refused.isEmpty(), "charges of the burst not answered 200, e.g. " + refused);
        long expected = run.calls().stream().filter(c -> c.reply().ok()).mapToLong(c -> 1 + c.index()).sum();
        PointOps.checkAppliedExactlyAsAnswered(report, run.calls(), i -> new PointOps.Op("CHARGE", 1 + i), PointOps.ledgerSince(any, member, 0));
        report.check(PointOps.checkLedger(report, any, member) == expected, "balance is not the sum of the burst's charges");
        assertPasses(report);
    }

    /** Many members at once, each with its own mix; every one of them adds up. */
    @Test
    void manyMembersAtOnce() throws Exception {
        int memberCount = 20;
        long[] members = new long[memberCount];
        for (int m = 0; m < memberCount; m++) {
            members[m] = any.newMember("many-" + m);
            assertEquals(200, any.charge(members[m], 5_000).status());
        }
        int requests = CONFIG.scaled(600);
        LoadDriver.Run run = LoadDriver.over(replicas).clients(48).requests(requests).run((i, replica) -> {
            long member = members[(i * 7) % memberCount];
            return i % 4 == 3 ? replica.use(member, 100 + i) : replica.charge(member, 100 + i);
        });

        ScenarioReport report = new ScenarioReport("points.many-members", run);
        Map<Long, Long> expected = new HashMap<>();
        for (LoadDriver.Call call : run.calls()) {
            long member = members[(call.index() * 7) % memberCount];
            long amount = 100 + call.index();
            if (call.reply().ok()) {
                expected.merge(member, call.index() % 4 == 3 ? -amount : amount, Long::sum);
            } else {
                report.check("INSUFFICIENT_POINTS".equals(call.reply().code()), "unexpected refusal " + call.reply());
            }
        }
        for (long member : members) {
            long balance = PointOps.checkLedger(report, any, member);
            report.check(balance == 5_000 + expected.getOrDefault(member, 0L), "member " + member + " does not add up");
        }
        assertPasses(report);
    }

    /** Exactly the affordable number of uses succeeds, however they are spread over replicas. */
    @Test
    void exactlyTheAffordableUsesSucceed() throws Exception {
        long member = any.newMember("affordable");
        long balance = 10_000;
        long price = 70;
        assertEquals(200, any.charge(member, balance).status());
        int requests = CONFIG.scaled(300);
        LoadDriver.Run run = LoadDriver.over(replicas).clients(48).requests(requests).run((i, replica) -> replica.use(member, price));

        ScenarioReport report = new ScenarioReport("points.affordable-uses", run);
        long affordable = Math.min(requests, balance / price);
        long used = run.calls().stream().filter(c -> c.reply().ok()).count();
        report.check(used == affordable, used + " uses succeeded, " + affordable + " were affordable");
        report.check(run.calls().stream().filter(c -> !c.reply().ok()).allMatch(c -> "INSUFFICIENT_POINTS".equals(c.reply().code())),
                "a use failed for another reason than insufficient points");
        report.check(PointOps.checkLedger(report, any, member) == balance - used * price, "balance is not what was left");
        assertPasses(report);
    }

    /** Each Idempotency-Key is sent several times at once, to different replicas: one effect per key. */
    @Test
    void idempotentRepeatsAcrossReplicas() throws Exception {
        long member = any.newMember("repeats");
        int keys = CONFIG.scaled(60);
        int repeats = 6;
        String prefix = "repeat-" + member + "-";
        LoadDriver.Run run = LoadDriver.over(replicas).clients(48).requests(keys * repeats)
                .run((i, replica) -> replica.charge(member, 1 + i % keys, prefix + (i % keys)));

        ScenarioReport report = new ScenarioReport("points.idempotent-repeats", run);
        Map<Integer, Reply> firstAnswer = new HashMap<>();
        for (LoadDriver.Call call : run.calls()) {
            Reply reply = call.reply();
            int key = call.index() % keys;
            if (reply.ok()) {
                Reply first = firstAnswer.putIfAbsent(key, reply);
                report.check(first == null || first.sameAnswerAs(reply), "key " + key + " answered differently: " + first + " / " + reply);
            } else {
                report.check("REQUEST_IN_PROGRESS".equals(reply.code()), "unexpected answer to a repeat: " + reply);
            }
        }
        List<PointOps.Op> applied = PointOps.ledgerSince(any, member, 0);
        report.check(applied.size() == keys, applied.size() + " ledger entries for " + keys + " keys");
        List<PointOps.Op> expected = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            expected.add(new PointOps.Op("CHARGE", 1 + k));
        }
        report.check(new java.util.HashSet<>(applied).equals(new java.util.HashSet<>(expected)), "not one charge per key");
        PointOps.checkLedger(report, any, member);
        assertPasses(report);
    }

    /** Charges of members that do not exist: all 404, and none of them comes into existence. */
    @Test
    void nonMembersCannotCharge() throws Exception {
        long base = any.newMember("probe") + 10_000_000L;
        int requests = CONFIG.scaled(200);
        LoadDriver.Run run = LoadDriver.over(replicas).clients(48).requests(requests)
                .run((i, replica) -> replica.charge(base + i % 10, 10));

        ScenarioReport report = new ScenarioReport("points.non-members", run);
        report.check(run.calls().stream().allMatch(c -> c.reply().status() == 404 && "MEMBER_NOT_FOUND".equals(c.reply().code())),
                "a charge of a non-member was not 404 MEMBER_NOT_FOUND");
        for (int m = 0; m < 10; m++) {
            report.check(any.member(base + m).status() == 404, "member " + (base + m) + " came into existence");
        }
        assertPasses(report);
    }

    static PointOps.Op mixOp(int i) {
        return new PointOps.Op(i % 3 == 2 ? "USE" : "CHARGE", 1_000 + i);
    }

    static void assertPasses(ScenarioReport report) {
        assertPasses(report, replicas.size());
    }

    /** The scenario's own checks, then the settlement check (nothing left half done within 60 s). */
    static void assertPasses(ScenarioReport report, int replicaCount) {
        Settlement.check(report);
        String line = report.publish(CONFIG, replicaCount);
        assertEquals(List.of(), report.violations(), () -> line + "\nlatest warnings of the replicas:\n  "
                + String.join("\n  ", ServiceCluster.recentWarnings(5)));
    }
}
