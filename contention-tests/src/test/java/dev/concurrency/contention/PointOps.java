package dev.concurrency.contention;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.PointClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that what the ledger holds is exactly what was acknowledged. Each request of a scenario
 * is a unique (type, amount) pair, so every ledger entry names the request it came from:
 * every acknowledged request must be there exactly once, no refused one at all, and a request
 * that got no answer at most once. (Public: chart-tests' container faults use it too.)
 */
public final class PointOps {

    public record Op(String type, long amount) {
    }

    private PointOps() {
    }

    /** The ledger entries of the member newer than {@code afterId}, as operations. */
    public static List<Op> ledgerSince(PointClient client, long member, long afterId) {
        List<Op> ops = new ArrayList<>();
        for (JsonNode entry : client.ledger(member)) {
            if (entry.get("id").asLong() > afterId) {
                ops.add(new Op(entry.get("type").asText(), entry.get("amount").asLong()));
            }
        }
        return ops;
    }

    public static long newestLedgerId(PointClient client, long member) {
        List<JsonNode> ledger = client.ledger(member);
        return ledger.isEmpty() ? 0 : ledger.get(0).get("id").asLong();
    }

    /**
     * @param opOf the operation request i was
     */
    public static void checkAppliedExactlyAsAnswered(ScenarioReport report, List<LoadDriver.Call> calls,
            java.util.function.IntFunction<Op> opOf, List<Op> applied) {
        Map<Op, Integer> appliedCount = new HashMap<>();
        applied.forEach(op -> appliedCount.merge(op, 1, Integer::sum));
        appliedCount.forEach((op, n) -> report.check(n == 1, op + " applied " + n + " times"));

        Set<Op> maybe = new HashSet<>();
        for (LoadDriver.Call call : calls) {
            Op op = opOf.apply(call.index());
            boolean inLedger = appliedCount.containsKey(op);
            if (call.reply().ok()) {
                report.check(inLedger, "acknowledged " + op + " missing from the ledger");
            } else if (call.reply().answered()) {
                report.check(!inLedger, "refused " + op + " (" + call.reply().outcome() + ") was applied");
            } else {
                maybe.add(op);
            }
        }
        Set<Op> asked = new HashSet<>();
        calls.forEach(c -> asked.add(opOf.apply(c.index())));
        for (Op op : appliedCount.keySet()) {
            report.check(asked.contains(op), "ledger holds " + op + " that nobody asked for");
        }
    }

    /** Ledger = balance and nothing negative, as a violation instead of an exception. */
    public static long checkLedger(ScenarioReport report, PointClient client, long member) {
        try {
            return client.assertLedgerMatches(member);
        } catch (AssertionError e) {
            report.violation(e.getMessage());
            return -1;
        }
    }
}
