package dev.concurrency.point;

/** One change of a member's points, as the ledger records it. */
public record PointChange(LedgerType type, long amount, String reference) {

    public static PointChange charge(long amount) {
        return new PointChange(LedgerType.CHARGE, amount, null);
    }

    public static PointChange use(long amount) {
        return new PointChange(LedgerType.USE, amount, null);
    }

    public Points applyTo(Points points) {
        return switch (type) {
            case CHARGE -> points.charge(amount);
            case USE, PAYMENT -> points.spend(amount);
            default -> throw new UnsupportedOperationException(type + " is not supported yet");
        };
    }
}
