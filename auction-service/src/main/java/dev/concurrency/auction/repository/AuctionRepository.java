package dev.concurrency.auction.repository;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.AuctionProblem;
import dev.concurrency.auction.AuctionStatus;
import dev.concurrency.lock.FencingToken;
import dev.concurrency.support.fencing.FencedRows;
import dev.concurrency.support.problem.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Auctions, and the fenced writes of their state (see {@link FencedRows}). */
@ApplicationScoped
public class AuctionRepository implements PanacheRepository<Auction> {

    public Auction require(long id) {
        Auction auction = findById(id);
        if (auction == null) {
            throw notFound(id);
        }
        return auction;
    }

    /** Reads the auction for a change that {@link #write} will store: detached, so only the fenced update writes it. */
    public Auction requireForWrite(long id) {
        Auction auction = require(id);
        getEntityManager().detach(auction);
        return auction;
    }

    public void claim(long id, FencingToken token) {
        FencedRows.claim(this, lockName(id), id, token, () -> notFound(id));
    }

    /** Writes the auction's bidding and closing state, only while the row still carries the writer's token. */
    public void write(Auction a, FencingToken token) {
        FencedRows.written(update("currentPrice = ?1, highestBidderId = ?2, highestBidId = ?3, bidCount = ?4, status = ?5, "
                        + "winnerId = ?6, updatedAt = ?7 where id = ?8 and fenceToken = ?9",
                a.currentPrice, a.highestBidderId, a.highestBidId, a.bidCount, a.status, a.winnerId, Instant.now(), a.id, token.value()),
                lockName(a.id), token);
    }

    /** Open auctions ending before the given instant (or already ended): the closer's work. */
    public List<Auction> openEndingBefore(Instant before, int limit) {
        return find("status = ?1 and endsAt <= ?2 order by endsAt", AuctionStatus.OPEN, before).page(0, limit).list();
    }

    public static String lockName(long auctionId) {
        return "auction:" + auctionId;
    }

    public static ApiException notFound(long id) {
        return new ApiException(AuctionProblem.AUCTION_NOT_FOUND, "auction " + id + " does not exist");
    }
}
