package dev.concurrency.lockbench;

import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;

import java.util.concurrent.TimeUnit;

/**
 * Redisson's {@link RFencedLock}: {@code tryLockAndGetToken(wait)} / {@code unlock()}. Same lock as
 * RLock plus a token counter incremented in the acquire script.
 */
public final class RedissonFencedLockAdapter extends RedissonRLockAdapter {

    private RFencedLock lock;

    @Override
    protected RLock create(String lockName) {
        lock = client.getFencedLock(lockName);
        return lock;
    }

    @Override
    public Held acquire() {
        Long token = lock.tryLockAndGetToken(waitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (token == null) {
            return null;
        }
        return held(lock, token);
    }
}
