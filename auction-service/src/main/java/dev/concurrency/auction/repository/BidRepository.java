package dev.concurrency.auction.repository;

import dev.concurrency.auction.Bid;
import dev.concurrency.auction.BidStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class BidRepository implements PanacheRepository<Bid> {

    /** Accepted bids in the order they were accepted (ids are issued under the auction's lock), after the cursor's id. */
    public List<Bid> accepted(long auctionId, Long afterId, int limit) {
        return find("auctionId = ?1 and status = ?2 and id > ?3 order by id", auctionId, BidStatus.ACCEPTED, afterId == null ? 0L : afterId)
                .page(0, limit).list();
    }

    /** Bids left HOLDING by a request that never finished (its replica died, say). */
    public List<Bid> abandoned(Instant olderThan, int limit) {
        return find("status = ?1 and createdAt < ?2 order by id", BidStatus.HOLDING, olderThan).page(0, limit).list();
    }
}
