package dev.concurrency.auction.service;

import dev.concurrency.auction.config.AuctionConfig;
import dev.concurrency.auction.Bid;
import dev.concurrency.auction.BidStatus;
import dev.concurrency.auction.HoldTask;
import dev.concurrency.auction.client.HoldOutcome;
import dev.concurrency.auction.client.PointServiceClient;
import dev.concurrency.auction.repository.AuctionRepository;
import dev.concurrency.auction.repository.BidRepository;
import dev.concurrency.auction.repository.HoldTaskRepository;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.support.work.Backoff;
import dev.concurrency.support.work.DueWork;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Releases and captures of holds that must happen, done until point-service confirms them. A task
 * is written in the transaction that decides it (the new bid's acceptance, the close), run at once
 * after that commit, and retried every second by every replica while it fails. Running one twice
 * is harmless: both calls are idempotent on the hold id.
 */
@ApplicationScoped
public class HoldTaskWorker {

    private static final Logger LOG = Logger.getLogger(HoldTaskWorker.class);
    /** A failing task ends the round (the next one, a second later, starts over); a busy auction only skips its bid. */
    private static final DueWork WORK = DueWork.loggingTo(LOG, "hold tasks skipped this round: %s")
            .busy("abandoned bid %d: auction busy (%s)");

    private final HoldTaskRepository tasks;
    private final BidRepository bids;
    private final PointServiceClient points;
    private final LockedTransaction lockedTransaction;
    private final AuctionRepository auctions;
    private final AuctionConfig config;

    HoldTaskWorker(HoldTaskRepository tasks, BidRepository bids, PointServiceClient points, LockedTransaction lockedTransaction,
            AuctionRepository auctions, AuctionConfig config) {
        this.tasks = tasks;
        this.bids = bids;
        this.points = points;
        this.lockedTransaction = lockedTransaction;
        this.auctions = auctions;
        this.config = config;
    }

    /** Tries the tasks now; whatever fails stays for the worker. */
    public void runNow(List<Long> taskIds) {
        taskIds.forEach(this::run);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void runDue() {
        WORK.roundAsOne(() -> {
            WORK.find(() -> tasks.due(Instant.now(), 50)).forEach(this::run);
            releaseAbandonedBids();
        });
    }

    private void run(long taskId) {
        HoldTask task = QuarkusTransaction.requiringNew().call(() -> tasks.findById(taskId));
        if (task == null || task.done) {
            return;
        }
        HoldOutcome.Answer answer = task.action == HoldTask.Action.RELEASE
                ? points.release(task.holdId)
                : points.capture(task.holdId, task.payeeMemberId);
        QuarkusTransaction.requiringNew().run(() -> {
            HoldTask current = tasks.findById(taskId);
            if (answer.outcome() == HoldOutcome.UNKNOWN) {
                current.attempts++;
                current.nextAttemptAt = Instant.now().plus(backoff(current.attempts));
            } else {
                if (answer.outcome() != HoldOutcome.DONE) {
                    LOG.warnf("%s of hold %s answered %s; nothing left to do", task.action, task.holdId, answer.code());
                }
                current.done = true;
            }
        });
    }

    /** A bid left HOLDING (its request died with its replica): reject it and release whatever was held. */
    private void releaseAbandonedBids() {
        List<Bid> abandoned = WORK.find(() -> bids.abandoned(Instant.now().minus(config.staleBidAfter()), 20));
        for (Bid bid : abandoned) {
            WORK.oneUnlessBusy(bid.id, () -> {
                List<Long> created = lockedTransaction.execute(AuctionRepository.lockName(bid.auctionId),
                        token -> auctions.claim(bid.auctionId, token),
                        token -> {
                            Bid current = bids.findById(bid.id);
                            if (current.status != BidStatus.HOLDING) {
                                return List.<Long>of();
                            }
                            current.status = BidStatus.REJECTED;
                            return List.of(tasks.add(HoldTask.release(current.holdId())).id);
                        });
                runNow(created);
            });
        }
    }

    /** 500 ms, 1 s, 2 s … up to the maximum (in whole milliseconds), between attempts of one task. */
    private Duration backoff(int attempts) {
        return Backoff.exponential(Duration.ofMillis(500), Duration.ofMillis(config.taskMaxBackoff().toMillis()))
                .after(attempts);
    }
}
