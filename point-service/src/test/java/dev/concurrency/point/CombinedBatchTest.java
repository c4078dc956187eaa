package dev.concurrency.point;

import dev.concurrency.client.Reply;
import dev.concurrency.lock.FencedLocks;
import dev.concurrency.lock.LockLease;
import dev.concurrency.point.service.MemberPoints;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Combining, made deterministic: while the test holds a member's lock (as another replica would),
 * changes of that member queue up in a known order; once it lets go, they all run as one batch
 * (the batch is taken when the lock arrives). Each gets its own outcome, in arrival order: a refusal in the middle changes
 * nothing and disturbs nobody, and a repeated Idempotency-Key inside the batch gets the first answer
 * and no second effect.
 */
@QuarkusTest
class CombinedBatchTest extends PointServiceTest {

    @Inject
    FencedLocks locks;

    @Inject
    MemberPoints memberPoints;

    @Inject
    MeterRegistry registry;

    @Test
    void theChangesWaitingForOneMemberRunAsOneBatchEachWithItsOwnOutcomeInArrivalOrder() throws Exception {
        long member = api.newMember("batched");
        assertEquals(200, api.charge(member, 100).status());
        DistributionSummary batches = registry.find("combining.batch.size").tag("family", "member").summary();
        long batchesBefore = batches.count();
        double operationsBefore = batches.totalAmount();

        List<Future<Reply>> replies = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            try (LockLease busy = locks.acquire("member:" + member)) {
                List<Supplier<Reply>> requests = List.of(
                        () -> api.use(member, 30),              // leads: waits for the lock                 -> 70
                        () -> api.use(member, 80),              // batch: refused, changes nothing           -> 70
                        () -> api.charge(member, 50),           //                                          -> 120
                        () -> api.charge(member, 5, "top-up"),  //                                          -> 125
                        () -> api.charge(member, 5, "top-up"),  // the same key again: the first answer     -> 125
                        () -> api.use(member, 125));            //                                          -> 0
                for (Supplier<Reply> request : requests) {
                    int queued = replies.size() + 1;
                    replies.add(clients.submit(request::get));
                    while (memberPoints.waiting(List.of(member)) < queued) {
                        Thread.onSpinWait(); // until it is in line: the order of arrival is the order sent
                    }
                }
                assertTrue(busy.isHeld());
            }
            List<Reply> answers = new ArrayList<>();
            for (Future<Reply> reply : replies) {
                answers.add(reply.get(60, TimeUnit.SECONDS));
            }

            assertAnswered(answers.get(0), 200, 70);
            assertEquals(409, answers.get(1).status(), answers.get(1).toString());
            assertEquals("INSUFFICIENT_POINTS", answers.get(1).code());
            assertAnswered(answers.get(2), 200, 120);
            assertAnswered(answers.get(3), 200, 125);
            assertAnswered(answers.get(4), 200, 125);
            assertAnswered(answers.get(5), 200, 0);
        }
        assertEquals(1, batches.count() - batchesBefore, "all six in one batch");
        assertEquals(6, batches.totalAmount() - operationsBefore);
        assertEquals(0, api.assertLedgerMatches(member));
        assertEquals(5, api.ledger(member).size(), "charge 100, use 30, charge 50, one top-up, use 125");
    }

    private static void assertAnswered(Reply reply, int status, long balance) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals(balance, reply.number("balance"), reply.toString());
    }
}
