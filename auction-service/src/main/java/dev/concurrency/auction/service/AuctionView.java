package dev.concurrency.auction.service;

import dev.concurrency.auction.Auction;
import dev.concurrency.auction.AuctionStatus;

import java.time.Instant;

public record AuctionView(long id, long sellerId, String title, long startPrice, long minIncrement, long currentPrice,
        Long highestBidderId, int bidCount, AuctionStatus status, Instant endsAt, Long winnerId) {

    public static AuctionView of(Auction a) {
        return new AuctionView(a.id, a.sellerId, a.title, a.startPrice, a.minIncrement, a.currentPrice, a.highestBidderId,
                a.bidCount, a.status, a.endsAt, a.winnerId);
    }
}
