package dev.concurrency.lock;

import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wakes waiting acquirers when a lock is released.
 *
 * <p>One subscription per process, on one channel that every release publishes the lock's name to.
 * It is opened once at start and reopened after Redis drops it, so no acquisition ever has to
 * subscribe first and cannot miss a release while its subscription is being set up. A waiter
 * registers <em>before</em> it tries the lock, so a release that happens between its failed attempt
 * and its wait still reaches it. While the subscription is down, waits fall back to the lock's
 * remaining lease (the acquire script returns it), and every waiter is woken when it comes back.
 *
 * <p>Keepalive: every {@code KEEPALIVE_EVERY} the process publishes a probe on the channel and expects
 * to receive it on its own subscription. A connection that stays open but carries nothing (half-open
 * after Redis or the network went away) is given up when the probe does not come back within
 * {@code KEEPALIVE_TIMEOUT}, and reopened; otherwise wake-ups would silently stop until leases ran out.
 */
final class ReleaseNotifications implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReleaseNotifications.class);
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);
    static final Duration KEEPALIVE_EVERY = Duration.ofSeconds(2);
    static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);
    private static final String PROBE_PREFIX = "keepalive:";

    private final Redis redis;
    private final String channel;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private volatile RedisConnection connection;
    private volatile boolean subscribed;
    private volatile boolean closed;
    /** The probe published and not yet seen back on the subscription, and when it was sent. */
    private volatile String probe;
    private volatile long probeSentAtNanos;
    private volatile long attachedAtNanos;

    ReleaseNotifications(Redis redis, String channel, ScheduledExecutorService scheduler) {
        this.redis = redis;
        this.channel = channel;
        this.scheduler = scheduler;
    }

    String channel() {
        return channel;
    }

    boolean isSubscribed() {
        return subscribed;
    }

    void start() {
        connect();
        scheduler.scheduleWithFixedDelay(this::keepAlive, KEEPALIVE_EVERY.toMillis(), KEEPALIVE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void keepAlive() {
        RedisConnection conn = connection;
        if (closed || conn == null) {
            return;
        }
        if (!subscribed) {
            if (System.nanoTime() - attachedAtNanos > KEEPALIVE_TIMEOUT.toNanos()) {
                lost(conn, "subscription not confirmed within " + KEEPALIVE_TIMEOUT.toMillis() + " ms");
            }
            return;
        }
        String sent = probe;
        if (sent != null) {
            if (System.nanoTime() - probeSentAtNanos > KEEPALIVE_TIMEOUT.toNanos()) {
                lost(conn, "keepalive probe not received within " + KEEPALIVE_TIMEOUT.toMillis() + " ms");
            }
            return;
        }
        String next = PROBE_PREFIX + UUID.randomUUID();
        probeSentAtNanos = System.nanoTime();
        probe = next;
        // Through the ordinary client, as releases are published; a failure shows as the probe's timeout.
        redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(next)).subscribe().with(reply -> { }, failure -> { });
    }

    /** Registers interest in the next release of {@code lockName}; call before trying the lock. */
    Waiter register(String lockName) {
        Waiter waiter = new Waiter();
        waiters.computeIfAbsent(lockName, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    void unregister(String lockName, Waiter waiter) {
        waiters.computeIfPresent(lockName, (k, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    private void connect() {
        if (closed || connection != null) {
            return;
        }
        redis.connect().subscribe().with(this::attach, failure -> {
            LOG.debugf("release notifications cannot connect yet: %s", failure.getMessage());
            scheduleReconnect();
        });
    }

    private void attach(RedisConnection conn) {
        attachedAtNanos = System.nanoTime();
        connection = conn;
        conn.handler(this::onMessage);
        conn.exceptionHandler(failure -> lost(conn, "connection failed: " + failure.getMessage()));
        conn.endHandler(() -> lost(conn, "connection closed"));
        conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).subscribe().with(
                reply -> onSubscribed(),
                failure -> lost(conn, "subscribe failed: " + failure.getMessage()));
    }

    private void onSubscribed() {
        if (!subscribed) {
            subscribed = true;
            LOG.debugf("subscribed to %s", channel);
            // A release may have been published while we were not listening.
            wakeEveryone();
        }
    }

    private void onMessage(Response message) {
        // RESP2 pushes arrive as [kind, channel, payload]; only "message" carries a lock name.
        if (message == null || message.size() < 3) {
            return;
        }
        String kind = message.get(0).toString();
        if ("subscribe".equals(kind)) {
            onSubscribed();
        } else if ("message".equals(kind) && channel.equals(message.get(1).toString())) {
            String payload = message.get(2).toString();
            if (payload.startsWith(PROBE_PREFIX)) {
                if (payload.equals(probe)) {
                    probe = null; // the subscription carries messages
                }
            } else {
                wake(payload);
            }
        }
    }

    private synchronized void lost(RedisConnection conn, String why) {
        if (connection != conn) {
            return; // this connection was already given up
        }
        subscribed = false;
        connection = null;
        probe = null;
        conn.closeAndForget();
        if (!closed) {
            LOG.warnf("release notifications interrupted (%s); waits fall back to lease expiry until reconnected", why);
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        try {
            if (!closed) {
                scheduler.schedule(this::connect, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            // The process is shutting down: Redis went first, nothing to reconnect for.
        }
    }

    private void wake(String lockName) {
        Set<Waiter> set = waiters.get(lockName);
        if (set != null) {
            set.forEach(Waiter::signal);
        }
    }

    private void wakeEveryone() {
        waiters.values().forEach(set -> set.forEach(Waiter::signal));
    }

    @Override
    public void close() {
        closed = true;
        subscribed = false;
        RedisConnection old = connection;
        connection = null;
        if (old != null) {
            old.closeAndForget();
        }
        wakeEveryone();
    }

    /** One acquirer's wait for a release; a signal that arrives before {@link #await} is kept. */
    static final class Waiter {
        private boolean signalled;

        synchronized void signal() {
            signalled = true;
            notifyAll();
        }

        /** Waits until signalled or until the time is up; returns whether a release was seen. */
        synchronized boolean await(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!signalled) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }
    }
}
