package dev.concurrency.auction.service;

import dev.concurrency.auction.AuctionStatus;
import dev.concurrency.auction.BidStatus;
import dev.concurrency.auction.repository.AuctionRepository;
import dev.concurrency.auction.repository.BidRepository;
import dev.concurrency.auction.repository.HoldTaskRepository;
import dev.concurrency.support.metrics.BacklogGauges;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What must drain after bids and closings: hold tasks not yet done, bids left HOLDING; and the
 * open auctions with a top bid, each of which rightly keeps one hold HELD at point-service.
 */
@ApplicationScoped
class HoldBacklog {

    void register(@Observes StartupEvent start, BacklogGauges gauges, HoldTaskRepository tasks, BidRepository bids,
            AuctionRepository auctions) {
        gauges.register("auctions.hold.tasks.backlog", "Hold releases and captures not yet confirmed by point-service",
                () -> tasks.count("done", false));
        gauges.register("auctions.bids.holding", "Bids whose points are being held, neither accepted nor refused yet",
                () -> bids.count("status", BidStatus.HOLDING));
        gauges.register("auctions.open.with.top.bid", "Open auctions with a top bid (each keeps its bidder's hold HELD)",
                () -> auctions.count("status = ?1 and highestBidderId is not null", AuctionStatus.OPEN));
    }
}
