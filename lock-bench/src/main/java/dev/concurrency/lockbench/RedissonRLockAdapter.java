package dev.concurrency.lockbench;

import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Redisson's {@link RLock}: {@code tryLock(wait)} / {@code unlock()}, library defaults (reentrant hash
 * lock, 30 s lease renewed by its watchdog every 10 s, pub/sub wake-up). It issues no fencing token.
 */
public class RedissonRLockAdapter implements LockAdapter {

    protected RedissonClient client;
    protected Duration waitTimeout;
    private RLock lock;

    @Override
    public void start(String redisUrl, String lockName, Duration waitTimeout) {
        this.waitTimeout = waitTimeout;
        Config config = new Config();
        config.useSingleServer().setAddress(redisUrl);
        client = Redisson.create(config);
        lock = create(lockName);
    }

    protected RLock create(String lockName) {
        return client.getLock(lockName);
    }

    @Override
    public Held acquire() throws InterruptedException {
        if (!lock.tryLock(waitTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        return held(lock, 0);
    }

    static Held held(RLock lock, long token) {
        return new Held() {
            @Override
            public long token() {
                return token;
            }

            @Override
            public boolean release() {
                try {
                    lock.unlock();
                    return true;
                } catch (IllegalMonitorStateException e) {
                    // Redisson's way of saying this thread no longer holds it: the lease ran out.
                    return false;
                }
            }
        };
    }

    @Override
    public String library() {
        String version = System.getProperty("bench.lock.redisson.version");
        return "Redisson" + (version == null ? "" : " " + version);
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
