package dev.concurrency.auction;

import dev.concurrency.point.api.PointProblem;
import dev.concurrency.support.problem.ProblemCode;

/** auction-service's own error codes (docs/api.md#auction-service). */
public final class AuctionProblem {

    public static final ProblemCode AUCTION_NOT_FOUND = ProblemCode.of("AUCTION_NOT_FOUND", 404, "No such auction");
    /** point-service's answer about the bidder, passed on as the bid's. */
    public static final ProblemCode MEMBER_NOT_FOUND = PointProblem.MEMBER_NOT_FOUND;
    public static final ProblemCode BID_TOO_LOW = ProblemCode.of("BID_TOO_LOW", 409, "The bid does not beat the current price by the minimum increment");
    public static final ProblemCode PRICE_CHANGED = ProblemCode.of("PRICE_CHANGED", 409, "The price is no longer the expected one");
    public static final ProblemCode AUCTION_CLOSED = ProblemCode.of("AUCTION_CLOSED", 409, "The auction has ended");
    public static final ProblemCode SELLER_CANNOT_BID = ProblemCode.of("SELLER_CANNOT_BID", 409, "Sellers cannot bid on their own auction");
    public static final ProblemCode ALREADY_HIGHEST_BIDDER = ProblemCode.of("ALREADY_HIGHEST_BIDDER", 409, "The bidder already holds the highest bid");
    public static final ProblemCode INSUFFICIENT_POINTS = ProblemCode.of("INSUFFICIENT_POINTS", 409, "Not enough available points to back the bid");
    public static final ProblemCode AUCTION_NOT_ENDED = ProblemCode.of("AUCTION_NOT_ENDED", 409, "The auction has not ended yet");

    private AuctionProblem() {
    }
}
