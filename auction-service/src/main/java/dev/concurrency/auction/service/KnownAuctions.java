package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.repository.AuctionRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this process last saw committed of each auction (see {@link KnownAuction}): a cache of hints,
 * not of truth. Prices only rise, so an older price is a safe floor for refusing bids without the lock.
 */
@ApplicationScoped
class KnownAuctions {

    static final int CAPACITY = 10_000;

    private final AuctionRepository auctions;
    private final Map<Long, KnownAuction> known = new ConcurrentHashMap<>();

    KnownAuctions(AuctionRepository auctions) {
        this.auctions = auctions;
    }

    KnownAuction get(long auctionId) {
        KnownAuction cached = known.get(auctionId);
        if (cached != null) {
            return cached;
        }
        if (known.size() >= CAPACITY) {
            known.clear(); // forgetting costs one read per auction
        }
        // One read per auction however many bids arrive at once (the others wait for it); a 404 stores nothing.
        return known.computeIfAbsent(auctionId,
                id -> KnownAuction.of(QuarkusTransaction.requiringNew().call(() -> auctions.require(id))));
    }

    /** An auction as read committed: kept if it is newer than what was known. */
    void saw(Auction auction) {
        known.merge(auction.id, KnownAuction.of(auction), KnownAuction::newer);
    }

    /** An accepted bid: its amount is now a floor of the price. */
    void accepted(BidView bid) {
        known.computeIfPresent(bid.auctionId(), (id, k) -> k.newer(k.withPrice(bid.amount())));
    }
}
