package dev.concurrency.order.client;

/** What point-service said about an order's payment, as far as the saga needs to know. */
public enum PaymentOutcome {
    /** The points are taken. */
    PAID,
    /** Refused for good (insufficient points, unknown member); {@code code} says why. */
    REFUSED,
    /** Refunded, or voided before it arrived: no points are taken, and none will be. */
    CANCELLED,
    /** point-service has never heard of it. */
    NOT_FOUND,
    /** No answer we can rely on (timeout, 5xx, connection refused, circuit open). */
    UNKNOWN;

    /** The outcome together with the refusal's problem code, if any. */
    public record Answer(PaymentOutcome outcome, String code) {
        public static Answer of(PaymentOutcome outcome) {
            return new Answer(outcome, null);
        }
    }
}
