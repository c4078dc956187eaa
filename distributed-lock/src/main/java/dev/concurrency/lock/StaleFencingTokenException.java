package dev.concurrency.lock;

/**
 * A guarded row already carries a newer fencing token than the writer's: the writer's lease ran
 * out and another holder has started since. The writer's transaction must roll back.
 */
public final class StaleFencingTokenException extends LockException {

    private final FencingToken token;

    public StaleFencingTokenException(String resource, FencingToken token) {
        super(resource, "write to '" + resource + "' with fencing token " + token
                + " refused: a newer lock holder has claimed it", null);
        this.token = token;
    }

    public FencingToken token() {
        return token;
    }
}
