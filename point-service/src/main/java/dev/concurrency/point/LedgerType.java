package dev.concurrency.point;

/** Kinds of ledger entries. balance = CHARGE + REFUND + PAYOUT - USE - PAYMENT - CAPTURE. */
public enum LedgerType {
    CHARGE, USE, PAYMENT, REFUND, HOLD, RELEASE, CAPTURE, PAYOUT
}
