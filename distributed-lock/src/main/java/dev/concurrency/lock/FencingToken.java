package dev.concurrency.lock;

/**
 * A number issued with every acquisition of a lock, strictly greater than every token issued
 * for the same lock before. Rows guarded by the lock store the token of the newest holder, and
 * a write carrying an older token is refused, so a holder whose lease ran out cannot overwrite
 * the work of the holder that came after it.
 */
public record FencingToken(long value) implements Comparable<FencingToken> {

    public FencingToken {
        if (value <= 0) {
            throw new IllegalArgumentException("fencing tokens are positive, got " + value);
        }
    }

    public boolean isNewerThan(FencingToken other) {
        return value > other.value;
    }

    @Override
    public int compareTo(FencingToken other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
