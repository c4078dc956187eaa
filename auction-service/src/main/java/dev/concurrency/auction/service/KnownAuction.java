package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.AuctionProblem;
import dev.concurrency.auction.AuctionStatus;
import dev.concurrency.support.problem.ApiException;

import java.time.Instant;

/**
 * What is known of an auction from a committed state: enough to refuse a bid whose refusal can never
 * turn into an acceptance later, without taking the lock. Prices only rise and an ended auction never
 * reopens, so a price seen committed is a floor of the current one and the refusals below stay true.
 */
record KnownAuction(long currentPrice, long minIncrement, long sellerId, Instant endsAt, boolean closed) {

    static KnownAuction of(Auction auction) {
        return new KnownAuction(auction.currentPrice, auction.minIncrement, auction.sellerId, auction.endsAt,
                auction.status == AuctionStatus.CLOSED);
    }

    KnownAuction withPrice(long price) {
        return new KnownAuction(price, minIncrement, sellerId, endsAt, closed);
    }

    /** The later of two views of the same auction. */
    KnownAuction newer(KnownAuction other) {
        return other.currentPrice > currentPrice || (other.closed && !closed) ? other : this;
    }

    /** Throws the refusal of a bid that can never be accepted, whatever happens later. */
    void refuseFinally(long bidderId, long amount, Long expectedPrice, Instant now) {
        if (closed || !now.isBefore(endsAt)) {
            throw new ApiException(AuctionProblem.AUCTION_CLOSED, "the auction has ended");
        }
        if (sellerId == bidderId) {
            throw new ApiException(AuctionProblem.SELLER_CANNOT_BID, "member " + bidderId + " sells this auction");
        }
        if (expectedPrice != null && expectedPrice < currentPrice) {
            throw new ApiException(AuctionProblem.PRICE_CHANGED, "the price is " + currentPrice + ", not " + expectedPrice)
                    .with("currentPrice", currentPrice);
        }
        if (amount < currentPrice + minIncrement) {
            throw new ApiException(AuctionProblem.BID_TOO_LOW, "a bid must be at least " + (currentPrice + minIncrement))
                    .with("currentPrice", currentPrice);
        }
    }
}
