package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.config.AuctionConfig;
import dev.concurrency.auction.AuctionProblem;
import dev.concurrency.auction.AuctionStatus;
import dev.concurrency.auction.Bid;
import dev.concurrency.auction.HoldTask;
import dev.concurrency.auction.repository.AuctionRepository;
import dev.concurrency.auction.repository.HoldTaskRepository;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.work.DueWork;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closing an auction, exactly once: under the auction's lock (so no bid is accepted after it), OPEN
 * becomes CLOSED with the highest bidder as winner, and the task to capture the winner's hold to the
 * seller is written in the same transaction. Every replica runs the closer every second; whichever
 * gets the lock first closes, the others find it CLOSED. The capture itself happens once because
 * point-service captures a hold once, however often it is asked.
 */
@ApplicationScoped
public class ClosingService {

    private static final DueWork WORK = DueWork.loggingTo(Logger.getLogger(ClosingService.class), "closer skipped this round: %s")
            .busy("auction %d: not closed this round (%s)")
            .failed("closing auction %d failed: %s");
    /** Timers aim just past the end; one that still fires early closes nothing, and the next tick closes. */
    private static final long TIMER_MARGIN_MILLIS = 5;

    private final AuctionRepository auctions;
    private final HoldTaskRepository tasks;
    private final HoldTaskWorker holdTasks;
    private final LockedTransaction lockedTransaction;
    private final AuctionConfig config;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "auction-close-timer");
        thread.setDaemon(true);
        return thread;
    });

    ClosingService(AuctionRepository auctions, HoldTaskRepository tasks, HoldTaskWorker holdTasks, LockedTransaction lockedTransaction,
            AuctionConfig config) {
        this.auctions = auctions;
        this.tasks = tasks;
        this.holdTasks = holdTasks;
        this.lockedTransaction = lockedTransaction;
        this.config = config;
    }

    /** {@code POST /auctions/{id}/close}: closes it if it has ended; a repeat answers the same. */
    public AuctionView close(long auctionId) {
        Auction seen = QuarkusTransaction.requiringNew().call(() -> auctions.require(auctionId));
        if (seen.status == AuctionStatus.OPEN && Instant.now().isBefore(seen.endsAt)) {
            throw new ApiException(AuctionProblem.AUCTION_NOT_ENDED, "auction " + auctionId + " ends at " + seen.endsAt);
        }
        return seen.status == AuctionStatus.CLOSED ? AuctionView.of(seen) : closeNow(auctionId);
    }

    /**
     * Every tick: closes what has ended, and sets an exact timer for what ends before the next tick,
     * so an auction closes right at its end rather than up to a tick later. A timer lost with its
     * replica does not matter: the next tick of any replica closes the auction anyway.
     */
    @Scheduled(every = "${auctions.closer-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeEndedAuctions() {
        Instant now = Instant.now();
        WORK.round(() -> auctions.openEndingBefore(now.plus(config.closerEvery()), 100), auction -> {
            long wait = Duration.between(Instant.now(), auction.endsAt).toMillis() + TIMER_MARGIN_MILLIS;
            if (wait <= 0) {
                closeQuietly(auction.id);
            } else {
                timers.schedule(() -> closeQuietly(auction.id), wait, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void closeQuietly(long auctionId) {
        WORK.one(auctionId, () -> closeNow(auctionId));
    }

    @PreDestroy
    void stopTimers() {
        timers.shutdownNow();
    }

    private AuctionView closeNow(long auctionId) {
        List<Long> taskIds = new ArrayList<>();
        AuctionView view = lockedTransaction.execute(AuctionRepository.lockName(auctionId),
                token -> auctions.claim(auctionId, token),
                token -> {
                    // Bids under the database strategies do not take the auction's Redis lock: the row
                    // lock makes them wait for the close (and the raised version makes them re-check).
                    auctions.lockForUpdate(auctionId);
                    Auction auction = auctions.requireForWrite(auctionId);
                    // Never before its end: a timer may fire a little early (it counts in nanoTime, endsAt is wall time).
                    if (auction.status == AuctionStatus.OPEN && auction.hasEnded(Instant.now())) {
                        auction.status = AuctionStatus.CLOSED;
                        auction.winnerId = auction.highestBidderId;
                        auctions.write(auction, token);
                        if (auction.highestBidId != null) {
                            taskIds.add(tasks.add(HoldTask.capture(Bid.holdId(auction.highestBidId), auction.sellerId)).id);
                        }
                    }
                    return AuctionView.of(auction);
                });
        holdTasks.runNow(taskIds);
        return view;
    }
}
