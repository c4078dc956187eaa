package dev.concurrency.auction.repository;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.AuctionProblem;
import dev.concurrency.auction.AuctionStatus;
import dev.concurrency.lock.FencingToken;
import dev.concurrency.support.control.RowLocks;
import dev.concurrency.support.control.WriteConflict;
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
        FencedRows.written(() -> writeWhere("fenceToken = ?9", a, token.value()), lockName(a.id), token);
    }

    /** A plain write of the state, whatever happened since the read: for no control, row locks and the unfenced Redis lock. */
    public void writeUnfenced(Auction a) {
        writeWhere("1 = 1", a);
    }

    /** The optimistic write: only if the row still has the version that was read. */
    public void writeIfUnchanged(Auction a, long readVersion) {
        if (writeWhere("rowVersion = ?9", a, readVersion) == 0) {
            throw new WriteConflict("auction " + a.id);
        }
    }

    /** The conditional write of a bid: only while the auction is open at the price and bid count the bidder saw. */
    public void writeIfPriceUnchanged(Auction a, long readPrice, int readBidCount) {
        if (writeWhere("currentPrice = ?9 and bidCount = ?10 and status = ?11", a, readPrice, readBidCount, AuctionStatus.OPEN) == 0) {
            throw new WriteConflict("auction " + a.id);
        }
    }

    /** Locks the row with {@code SELECT ... FOR UPDATE} until the transaction ends. */
    public void lockForUpdate(long id) {
        RowLocks.lock(getEntityManager(), "auction", List.of(id));
    }

    // Every write raises the version, so an optimistic bid notices a close as well as another bid.
    private int writeWhere(String condition, Auction a, Object... conditionParameters) {
        Object[] parameters = new Object[8 + conditionParameters.length];
        Object[] state = {a.currentPrice, a.highestBidderId, a.highestBidId, a.bidCount, a.status, a.winnerId, Instant.now(), a.id};
        System.arraycopy(state, 0, parameters, 0, 8);
        System.arraycopy(conditionParameters, 0, parameters, 8, conditionParameters.length);
        return update("currentPrice = ?1, highestBidderId = ?2, highestBidId = ?3, bidCount = ?4, status = ?5, winnerId = ?6, "
                + "updatedAt = ?7, rowVersion = rowVersion + 1 where id = ?8 and " + condition, parameters);
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
