package dev.concurrency.auction.client;

/** What point-service said about a hold, as far as bidding and closing need to know. */
public enum HoldOutcome {
    /** The points are held (or, for release and capture: done, now or before). */
    DONE,
    /** Refused for good: not enough points, or no such member; {@code code} says which. */
    REFUSED,
    /** The hold id was released or voided before, or is in a state that makes the call pointless. */
    CANCELLED,
    /** No answer we can rely on (timeout, 5xx, connection refused, circuit open). */
    UNKNOWN;

    public record Answer(HoldOutcome outcome, String code) {
        public static Answer of(HoldOutcome outcome) {
            return new Answer(outcome, null);
        }
    }
}
