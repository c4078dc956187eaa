package dev.concurrency.auction;

/** A bid is HOLDING while point-service holds its points, then ACCEPTED or REJECTED. */
public enum BidStatus {
    HOLDING, ACCEPTED, REJECTED
}
