package dev.concurrency.lockbench;

import java.time.Duration;

/** No lock at all: the negative control that shows the violation checks can see violations. */
public final class NoLockAdapter implements LockAdapter {

    @Override
    public void start(String redisUrl, String lockName, Duration waitTimeout) {
    }

    @Override
    public Held acquire() {
        return new Held() {
            @Override
            public long token() {
                return 0;
            }

            @Override
            public boolean release() {
                return true;
            }
        };
    }

    @Override
    public String library() {
        return "none";
    }

    @Override
    public void close() {
    }
}
