package dev.concurrency.lock;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Distributed locks in Redis that stay safe across processes and replicas.
 *
 * <ul>
 *   <li><b>Mutual exclusion with a lease.</b> A lock is a key holding its owner's random token,
 *       set with {@code NX} and an expiry; a holder that dies loses it when the lease runs out.</li>
 *   <li><b>Owner-only release.</b> Release is compare-and-delete in Lua. A holder whose lease ran
 *       out deletes nothing, and {@link LockLease#release()} tells it that it had lost the lock.</li>
 *   <li><b>Renewal.</b> A watchdog extends the lease while the holder works, up to a maximum hold.</li>
 *   <li><b>Waking.</b> Waiters sleep until a release is published (or the lease they wait for runs
 *       out), never in a polling loop; threads of one process queue locally first.</li>
 *   <li><b>Late answers.</b> An acquisition whose answer does not come within the command timeout
 *       asks again as the same owner (up to three times within its wait): a busy machine's slow answer
 *       neither fails the request nor leaves a lock nobody knows it holds. If Redis stays silent, the
 *       request fails, and whatever an attempt may have taken frees itself when its lease ends.</li>
 *   <li><b>Fencing.</b> Every acquisition gets a token greater than all earlier ones for that lock,
 *       issued in the same atomic step; guarded rows keep the newest token and refuse older ones.
 *       Tokens never fall below the Redis clock in microseconds, so a lock's token counter may
 *       expire an hour after its last use: one counter per lock name (one per order) does not
 *       pile up in Redis.</li>
 * </ul>
 *
 * Locks are not reentrant: a thread that asks again for a lock it holds waits for itself and times out.
 */
public final class FencedLocks implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FencedLocks.class);
    /** How long a lock's token counter outlives its last token (the clock floor keeps tokens rising after it). */
    static final Duration FENCE_COUNTER_TTL = Duration.ofHours(1);
    /** How many acquisition attempts in a row may go unanswered (command timeout) before Redis counts as unavailable. */
    static final int UNANSWERED_ACQUIRES = 3;

    private final Redis redis;
    private final LockSettings settings;
    private final LockMetrics metrics;
    private final LocalGates gates = new LocalGates();
    private final ScheduledExecutorService watchdog;
    private final ReleaseNotifications notifications;

    public FencedLocks(Redis redis, LockSettings settings, MeterRegistry registry) {
        this.redis = redis;
        this.settings = settings;
        this.metrics = new LockMetrics(registry);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dlock-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        this.notifications = new ReleaseNotifications(redis, settings.keyPrefix() + "released", watchdog);
        this.notifications.start();
    }

    public LockSettings settings() {
        return settings;
    }

    /** Whether release notifications are being received right now (for health checks and tests). */
    public boolean isListeningForReleases() {
        return notifications.isSubscribed();
    }

    /**
     * Opens a connection to Redis and loads the lock scripts into its cache, without waiting for the
     * answer. Called at start, so that a replica's first requests (perhaps a burst of hundreds) do not
     * all queue behind connecting and loading; if Redis is away, the first lock operations connect.
     */
    public void warmUp() {
        for (LockScript script : LockScript.values()) {
            script.preload(redis).ifNoItem().after(settings.commandTimeout()).fail().subscribe().with(
                    loaded -> LOG.debugf("lock script %s loaded", script),
                    failure -> LOG.infof("could not load lock script %s at start (%s); its first use loads it", script,
                            failure.toString()));
        }
    }

    /** Takes the lock, waiting at most the configured wait timeout. */
    public LockLease acquire(String name) {
        return acquire(name, settings.waitTimeout());
    }

    /**
     * Takes the lock named {@code name}, waiting at most {@code waitTimeout} for it.
     *
     * @throws LockWaitTimeoutException        if it stayed busy all that time
     * @throws LockServiceUnavailableException if Redis did not answer
     */
    public LockLease acquire(String name, Duration waitTimeout) {
        long start = System.nanoTime();
        long deadline = start + waitTimeout.toNanos();
        try {
            if (!gates.enter(name, deadline - System.nanoTime())) {
                throw timedOut(name, start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockServiceUnavailableException(name, e);
        }
        try {
            LockLease lease = acquireRemote(name, start, deadline);
            metrics.acquired(name, Duration.ofNanos(System.nanoTime() - start));
            startWatchdog(lease);
            return lease;
        } catch (RuntimeException e) {
            gates.leave(name);
            throw e;
        }
    }

    /**
     * Runs {@code work} while holding the lock and releases it afterwards. The work gets the
     * fencing token to stamp on what it writes. Refusals by fencing are counted and passed on.
     */
    public <T> T withLock(String name, Function<FencingToken, T> work) {
        LockLease lease = acquire(name);
        try {
            return work.apply(lease.token());
        } catch (StaleFencingTokenException e) {
            metrics.fencingRejected(name);
            throw e;
        } finally {
            releaseQuietly(lease);
        }
    }

    /**
     * Runs {@code work} holding all the named locks, taken one by one in sorted order (so that two
     * callers wanting overlapping sets never wait for each other in a cycle) within one wait budget,
     * and released in reverse order. The work gets each lock's fencing token by name.
     */
    public <T> T withLocks(Collection<String> names, Function<Map<String, FencingToken>, T> work) {
        List<String> ordered = names.stream().distinct().sorted().toList();
        long deadline = System.nanoTime() + settings.waitTimeout().toNanos();
        Deque<LockLease> held = new ArrayDeque<>();
        try {
            Map<String, FencingToken> tokens = new LinkedHashMap<>();
            for (String name : ordered) {
                LockLease lease = acquire(name, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                held.push(lease);
                tokens.put(name, lease.token());
            }
            return work.apply(Collections.unmodifiableMap(tokens));
        } catch (StaleFencingTokenException e) {
            metrics.fencingRejected(ordered.get(0));
            throw e;
        } finally {
            while (!held.isEmpty()) {
                releaseQuietly(held.pop());
            }
        }
    }

    private LockLease acquireRemote(String name, long start, long deadline) {
        String owner = UUID.randomUUID().toString();
        int unanswered = 0;
        while (true) {
            ReleaseNotifications.Waiter waiter = notifications.register(name);
            try {
                long requestedAt = System.nanoTime();
                Response reply;
                try {
                    reply = call(name, LockScript.ACQUIRE, List.of(lockKey(name), fenceKey(name)),
                            List.of(owner, Long.toString(settings.lease().toMillis()), Long.toString(FENCE_COUNTER_TTL.toMillis())));
                } catch (LockServiceUnavailableException e) {
                    // A late answer (a busy client or server) may still have given us the lock: the same
                    // owner asks again (the script hands the lock back to the owner holding it), unless
                    // Redis refused outright, stayed silent too often, or the wait is over.
                    boolean retry = isTimeout(e) && ++unanswered < UNANSWERED_ACQUIRES && System.nanoTime() - deadline < 0;
                    if (!retry) {
                        // Should an attempt have taken the lock after all, its lease frees it (no release is
                        // sent: it could overtake an attempt still on its way and be undone by it).
                        throw e;
                    }
                    LOG.debugf("acquiring lock '%s': no answer within %s, asking again", name, settings.commandTimeout());
                    continue;
                }
                unanswered = 0;
                if (reply.get(0).toInteger() == 1) {
                    return new LockLease(this, name, owner, new FencingToken(reply.get(1).toLong()), requestedAt,
                            settings.lease());
                }
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    throw timedOut(name, start);
                }
                // Sleep until a release is published or, if that message is lost, the holder's lease ends.
                long leaseLeft = Math.max(1, reply.get(1).toLong());
                waiter.await(Math.min(remainingMillis, leaseLeft));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockServiceUnavailableException(name, e);
            } finally {
                notifications.unregister(name, waiter);
            }
        }
    }

    private static boolean isTimeout(LockServiceUnavailableException e) {
        return e.getCause() instanceof TimeoutException;
    }

    private void startWatchdog(LockLease lease) {
        long every = settings.renewEvery().toMillis();
        lease.renewWith(watchdog.scheduleAtFixedRate(() -> renew(lease), every, every, TimeUnit.MILLISECONDS));
    }

    private void renew(LockLease lease) {
        if (lease.isReleased()) {
            lease.stopRenewal();
            return;
        }
        if (System.nanoTime() - lease.acquiredAtNanos() >= settings.maxHold().toNanos()) {
            LOG.warnf("lock '%s' held longer than %s; no longer renewing it, its lease will run out",
                    lease.name(), settings.maxHold());
            lease.stopRenewal();
            return;
        }
        long requestedAt = System.nanoTime();
        LockScript.RENEW.run(redis, List.of(lockKey(lease.name())),
                        List.of(lease.owner(), Long.toString(settings.lease().toMillis())))
                .ifNoItem().after(settings.commandTimeout()).fail()
                .subscribe().with(reply -> {
                    if (reply.toInteger() == 1) {
                        lease.renewed(requestedAt, settings.lease());
                        metrics.renewed(lease.name());
                    } else if (!lease.isReleased()) {
                        LOG.warnf("lock '%s' (token %s) was lost before its holder finished", lease.name(), lease.token());
                        lease.markLost();
                    }
                }, failure -> {
                    // Keep trying on the next tick; if Redis stays away the lease runs out on its own.
                    metrics.unavailable(lease.name());
                    LOG.debugf("renewal of lock '%s' failed: %s", lease.name(), failure.getMessage());
                });
    }

    boolean releaseInRedis(LockLease lease) {
        Response reply = call(lease.name(), LockScript.RELEASE, List.of(lockKey(lease.name())),
                List.of(lease.owner(), notifications.channel(), lease.name()));
        return reply.toInteger() == 1;
    }

    private void releaseQuietly(LockLease lease) {
        try {
            if (!lease.release()) {
                LOG.warnf("lock '%s' (token %s) had expired before release; its work was protected only by fencing",
                        lease.name(), lease.token());
            }
        } catch (LockServiceUnavailableException e) {
            LOG.warnf("could not release lock '%s': %s; it frees itself when its lease ends", lease.name(), e.getMessage());
        }
    }

    /** Gives the lock back after its holder's work, which has ended: a release that fails is logged, never thrown. */
    void releaseAfterWork(LockLease lease) {
        releaseQuietly(lease);
    }

    void leaveGate(String name) {
        gates.leave(name);
    }

    LockMetrics metrics() {
        return metrics;
    }

    /** Counts a write refused by fencing that happened outside {@link #withLock}, under the lock {@code lockName}. */
    public void recordFencingRejection(String lockName) {
        metrics.fencingRejected(lockName);
    }

    private Response call(String name, LockScript script, List<String> keys, List<String> args) {
        try {
            return script.run(redis, keys, args).await().atMost(settings.commandTimeout());
        } catch (RuntimeException e) {
            metrics.unavailable(name);
            throw new LockServiceUnavailableException(name, e);
        }
    }

    private LockWaitTimeoutException timedOut(String name, long start) {
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        metrics.timedOut(name, waited);
        return new LockWaitTimeoutException(name, waited);
    }

    // The hash tag keeps a lock's key and its fencing counter in one slot of a Redis Cluster.
    String lockKey(String name) {
        return settings.keyPrefix() + "{" + name + "}";
    }

    String fenceKey(String name) {
        return settings.keyPrefix() + "{" + name + "}:fence";
    }

    @Override
    public void close() {
        notifications.close();
        watchdog.shutdownNow();
    }
}
