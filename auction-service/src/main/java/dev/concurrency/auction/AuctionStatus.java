package dev.concurrency.auction;

public enum AuctionStatus {
    OPEN, CLOSED
}
