package dev.concurrency.order;

/** Where an order's saga stands; stored with the order, so any replica can resume it. */
public enum SagaState {
    /** Stock is reserved; the payment's outcome is not known yet (the order is PENDING). */
    PAYING,
    /** The member cancelled a completed order; the refund's outcome is not known yet (still COMPLETED). */
    REFUNDING,
    /** Nothing left to do: COMPLETED, or CANCELLED with the stock restored. */
    DONE
}
