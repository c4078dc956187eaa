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

    public Points applyTo(Points points) {
        return switch (type) {
            case CHARGE, REFUND -> points.charge(amount);
            case USE, PAYMENT -> points.spend(amount);
            default -> throw new UnsupportedOperationException(type + " is not supported yet");
        };
    }
}
