package dev.concurrency.auction;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A bid; its points are held at point-service under the hold id {@code bid-{id}}. */
@Entity
@Table(name = "bid")
public class Bid extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "auction_id", nullable = false)
    public long auctionId;

    @Column(name = "bidder_id", nullable = false)
    public long bidderId;

    @Column(nullable = false)
    public long amount;

    /** The price this bid outbid; set when it is accepted. */
    @Column(name = "previous_price")
    public Long previousPrice;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public BidStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public String holdId() {
        return holdId(id);
    }

    public static String holdId(long bidId) {
        return "bid-" + bidId;
    }
}
