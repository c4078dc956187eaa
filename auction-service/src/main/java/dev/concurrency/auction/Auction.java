package dev.concurrency.auction;

import dev.concurrency.support.control.GuardedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.time.Instant;

/** An auction. Written only by fenced updates while holding its lock (see AuctionRepository). */
@Entity
@Table(name = "auction")
public class Auction extends GuardedEntity {

    @Column(name = "seller_id", nullable = false)
    public long sellerId;

    @Column(nullable = false, length = 100)
    public String title;

    @Column(name = "start_price", nullable = false)
    public long startPrice;

    @Column(name = "min_increment", nullable = false)
    public long minIncrement;

    @Column(name = "current_price", nullable = false)
    public long currentPrice;

    @Column(name = "highest_bidder_id")
    public Long highestBidderId;

    @Column(name = "highest_bid_id")
    public Long highestBidId;

    @Column(name = "bid_count", nullable = false)
    public int bidCount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public AuctionStatus status;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(name = "winner_id")
    public Long winnerId;

    /** No bid can be accepted any more: closed, or past its end and about to be closed. */
    public boolean hasEnded(Instant now) {
        return status == AuctionStatus.CLOSED || !now.isBefore(endsAt);
    }

    /** The lowest amount a new bid may offer. */
    public long lowestAcceptableBid() {
        return currentPrice + minIncrement;
    }
}
