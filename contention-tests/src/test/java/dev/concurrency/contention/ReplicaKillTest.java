package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Fault 1: a replica is killed with SIGKILL in the middle of a burst on one member. Every
 * acknowledged charge is applied exactly once, the unanswered ones at most once, and nothing is
 * stuck: the dead replica's lock runs out, and retrying the unanswered requests with their
 * Idempotency-Keys on the survivors leaves every request applied exactly once.
 */
class ReplicaKillTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();

    @Test
    void killNineInTheMiddleOfABurst() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (ServiceCluster cluster = ServiceCluster.points(CONFIG, "kill-9", Map.of())) {
            List<PointClient> replicas = cluster.pointClients(new Http());
            PointClient survivor = replicas.get(0);
            int victim = replicas.size() - 1;
            long member = survivor.newMember("kill-9");
            int requests = CONFIG.scaled(600);
            String keys = "kill-" + member + "-";

            LoadDriver.Run run = LoadDriver.over(replicas).clients(48).requests(requests)
                    .when(requests / 3, () -> cluster.replica(victim).kill9())
                    .run((i, replica) -> replica.charge(member, 1_000 + i, keys + i));

            ScenarioReport report = new ScenarioReport("fault.kill-9-mid-burst", run);
            PointOps.checkAppliedExactlyAsAnswered(report, run.calls(), ReplicaKillTest::op, PointOps.ledgerSince(survivor, member, 0));
            report.check(run.calls().stream().anyMatch(c -> !c.reply().answered()), "the kill did not land in the burst");
            report.check(run.calls().stream().filter(c -> c.reply().answered()).allMatch(c -> c.reply().ok()),
                    "a survivor refused a charge");

            // Nothing stuck: every request that got no answer is retried with its key on a survivor.
            List<PointClient> survivors = replicas.subList(0, victim);
            List<LoadDriver.Call> unanswered = new ArrayList<>(run.calls().stream().filter(c -> !c.reply().answered()).toList());
            for (LoadDriver.Call call : unanswered) {
                Reply retry = survivors.get(call.index() % survivors.size()).charge(member, 1_000 + call.index(), keys + call.index());
                report.check(retry.ok(), "retry of request " + call.index() + " failed: " + retry);
            }
            List<PointOps.Op> applied = PointOps.ledgerSince(survivor, member, 0);
            report.check(applied.size() == requests, "after the retries " + applied.size() + " of " + requests + " charges are applied");
            report.check(new java.util.HashSet<>(applied).size() == applied.size(), "a charge was applied twice");
            long expected = (long) requests * 1_000 + (long) requests * (requests - 1) / 2;
            report.check(PointOps.checkLedger(report, survivor, member) == expected, "balance is not the sum of all charges");
            PointScenariosTest.assertPasses(report, replicas.size());
        }
    }

    static PointOps.Op op(int i) {
        return new PointOps.Op("CHARGE", 1_000 + i);
    }
}
