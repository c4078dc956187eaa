package dev.concurrency.point;

/** One change of a member's points, as the ledger records it. */
public record PointChange(LedgerType type, long amount, String reference) {

    public static PointChange charge(long amount) {
        return new PointChange(LedgerType.CHARGE, amount, null);
    }

    public static PointChange use(long amount) {
        return new PointChange(LedgerType.USE, amount, null);
    }

    public static PointChange payment(long amount, String paymentId) {
        return new PointChange(LedgerType.PAYMENT, amount, paymentId);
    }

    public static PointChange refund(long amount, String paymentId) {
        return new PointChange(LedgerType.REFUND, amount, paymentId);
    }

    public static PointChange hold(long amount, String holdId) {
        return new PointChange(LedgerType.HOLD, amount, holdId);
    }

    public static PointChange release(long amount, String holdId) {
        return new PointChange(LedgerType.RELEASE, amount, holdId);
    }

    /** The holder's side of a capture: the held points leave the balance. */
    public static PointChange capture(long amount, String holdId) {
        return new PointChange(LedgerType.CAPTURE, amount, holdId);
    }

    /** The payee's side of a capture: points owed, credited whatever the balance (the limit is for charges). */
    public static PointChange payout(long amount, String holdId) {
        return new PointChange(LedgerType.PAYOUT, amount, holdId);
    }

    public Points applyTo(Points points) {
        return switch (type) {
            case CHARGE -> points.charge(amount);
            case REFUND, PAYOUT -> points.credit(amount);
            case USE, PAYMENT -> points.spend(amount);
            case HOLD -> points.hold(amount);
            case RELEASE -> points.release(amount);
            case CAPTURE -> points.capture(amount);
        };
    }
}
