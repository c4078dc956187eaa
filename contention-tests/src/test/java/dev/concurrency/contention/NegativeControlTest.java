package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.PointClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Negative control: the hot-member scenario with concurrency control switched off
 * (points.concurrency-control=NONE). The invariant checks must catch the lost updates; if they
 * did not, they would prove nothing when the real scenarios pass.
 */
class NegativeControlTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();

    @Test
    void withoutConcurrencyControlTheChecksFindLostUpdates() throws Exception {
        assumeFalse(CONFIG.external(), "needs processes of its own");
        try (ServiceCluster cluster = ServiceCluster.points(CONFIG, "negative-control", Map.of("points.concurrency-control", "NONE"))) {
            List<PointClient> replicas = cluster.pointClients(new Http());
            long member = replicas.get(0).newMember("unprotected");
            LoadDriver.Run run = LoadDriver.over(replicas).clients(48).requests(CONFIG.scaled(300))
                    .run((i, replica) -> replica.charge(member, 1_000 + i));

            ScenarioReport report = new ScenarioReport("negative-control.no-control (must FAIL)", run);
            PointOps.checkAppliedExactlyAsAnswered(report, run.calls(), i -> new PointOps.Op("CHARGE", 1_000 + i),
                    PointOps.ledgerSince(replicas.get(0), member, 0));
            long acknowledged = run.calls().stream().filter(c -> c.reply().ok()).mapToLong(c -> 1_000 + c.index()).sum();
            report.check(PointOps.checkLedger(report, replicas.get(0), member) == acknowledged,
                    "balance is not the sum of acknowledged charges");
            report.publish(CONFIG, replicas.size());
            assertFalse(report.violations().isEmpty(), "with concurrency control off, the checks found nothing wrong");
        }
    }
}
