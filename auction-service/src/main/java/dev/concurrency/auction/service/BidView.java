package dev.concurrency.auction.service;

import dev.concurrency.auction.Bid;

import java.time.Instant;

public record BidView(long id, long auctionId, long bidderId, long amount, long previousPrice, Instant createdAt) {

    public static BidView of(Bid b) {
        return new BidView(b.id, b.auctionId, b.bidderId, b.amount, b.previousPrice, b.createdAt);
    }
}
