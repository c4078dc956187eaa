package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.AuctionProblem;
import dev.concurrency.auction.AuctionStatus;
import dev.concurrency.auction.client.PointServiceClient;
import dev.concurrency.auction.repository.AuctionRepository;
import dev.concurrency.auction.repository.BidRepository;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.idempotency.PendingKey;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.concurrency.support.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Creating and reading auctions; bidding is {@link BidService}, closing {@link ClosingService}. */
@ApplicationScoped
public class AuctionService {

    private final AuctionRepository auctions;
    private final BidRepository bids;
    private final PointServiceClient points;
    private final Idempotency idempotency;

    AuctionService(AuctionRepository auctions, BidRepository bids, PointServiceClient points, Idempotency idempotency) {
        this.auctions = auctions;
        this.bids = bids;
        this.points = points;
        this.idempotency = idempotency;
    }

    public AuctionView create(PendingKey key, long sellerId, String title, long startPrice, long minIncrement, Instant endsAt) {
        boolean sellerExists;
        try {
            sellerExists = points.memberExists(sellerId);
        } catch (RuntimeException e) {
            throw new ApiException(CommonProblem.SERVICE_UNAVAILABLE, "point-service cannot confirm the seller now; try again");
        }
        if (!sellerExists) {
            throw new ApiException(AuctionProblem.MEMBER_NOT_FOUND, "member " + sellerId + " does not exist");
        }
        return QuarkusTransaction.requiringNew().call(() -> idempotency.once(key, () -> {
            Auction a = new Auction();
            a.sellerId = sellerId;
            a.title = title;
            a.startPrice = startPrice;
            a.minIncrement = minIncrement;
            a.currentPrice = startPrice;
            a.status = AuctionStatus.OPEN;
            a.endsAt = endsAt;
            a.stampCreated();
            auctions.persist(a);
            return AuctionView.of(a);
        }));
    }

    public AuctionView get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> AuctionView.of(auctions.require(id)));
    }

    /** One page of the auction's accepted bids, in the order they were accepted. */
    public PageRequest.Page<BidView> bids(long auctionId, PageRequest request) {
        return QuarkusTransaction.requiringNew().call(() -> {
            auctions.require(auctionId);
            List<BidView> accepted = bids.accepted(auctionId, request.cursor(), request.limit() + 1).stream().map(BidView::of).toList();
            return request.page(accepted, BidView::id);
        });
    }
}
