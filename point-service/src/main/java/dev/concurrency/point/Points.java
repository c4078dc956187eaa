package dev.concurrency.point;

import dev.concurrency.point.api.PointProblem;
import dev.concurrency.support.problem.ApiException;

/**
 * A member's points: {@code balance} is all of them, {@code held} the part reserved by holds,
 * {@code available = balance - held}. Every rule about changing them lives here; nothing makes
 * {@code available} negative. A charge never brings the balance over {@link #MAX_BALANCE}; points
 * owed to the member (a refund, a payout) are credited whatever the balance.
 */
public record Points(long balance, long held) {

    public static final long MAX_BALANCE = 1_000_000_000L;

    public Points {
        if (balance < 0 || held < 0 || held > balance) {
            throw new IllegalArgumentException("impossible points: balance " + balance + ", held " + held);
        }
    }

    public long available() {
        return balance - held;
    }

    public Points charge(long amount) {
        requirePositive(amount);
        if (amount > MAX_BALANCE - balance) {
            throw new ApiException(PointProblem.BALANCE_LIMIT_EXCEEDED,
                    "charging " + amount + " would bring the balance to " + (balance + amount) + ", over " + MAX_BALANCE);
        }
        return new Points(balance + amount, held);
    }

    /** Points owed to the member (a refund, a payout): never refused for the limit, which is the charges' rule. */
    public Points credit(long amount) {
        requirePositive(amount);
        return new Points(Math.addExact(balance, amount), held);
    }

    /** Takes points out of the available part: a use, or a payment. */
    public Points spend(long amount) {
        requirePositive(amount);
        if (amount > available()) {
            throw new ApiException(PointProblem.INSUFFICIENT_POINTS,
                    "needs " + amount + " points, only " + available() + " available");
        }
        return new Points(balance - amount, held);
    }

    /** Reserves points out of the available part; the balance stays until the hold is captured or released. */
    public Points hold(long amount) {
        requirePositive(amount);
        if (amount > available()) {
            throw new ApiException(PointProblem.INSUFFICIENT_POINTS,
                    "needs " + amount + " points to hold, only " + available() + " available");
        }
        return new Points(balance, held + amount);
    }

    /** Gives reserved points back to the available part. */
    public Points release(long amount) {
        requireHeld(amount);
        return new Points(balance, held - amount);
    }

    /** Takes reserved points for good: they leave the held part and the balance together. */
    public Points capture(long amount) {
        requireHeld(amount);
        return new Points(balance - amount, held - amount);
    }

    // Only a hold recorded as HELD is released or captured, so this means the records disagree.
    private void requireHeld(long amount) {
        requirePositive(amount);
        if (amount > held) {
            throw new IllegalStateException("cannot take " + amount + " out of " + held + " held points");
        }
    }

    private static void requirePositive(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amounts are positive, got " + amount);
        }
    }
}
