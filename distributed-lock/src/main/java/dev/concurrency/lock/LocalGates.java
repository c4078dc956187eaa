package dev.concurrency.lock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An in-process queue in front of each distributed lock: threads of one process that want the
 * same lock line up here (fairly, first come first served), and only the head of the line talks
 * to Redis. A hot key then costs Redis one contender per process instead of one per thread, and a
 * release wakes one waiter per process instead of a herd.
 */
final class LocalGates {

    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    /** Waits up to {@code nanos} to pass the gate of {@code name}; on success the caller must {@link #leave}. */
    boolean enter(String name, long nanos) throws InterruptedException {
        Gate gate = gates.compute(name, (k, g) -> {
            Gate current = g == null ? new Gate() : g;
            current.users++;
            return current;
        });
        boolean entered = false;
        try {
            entered = gate.permit.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return entered;
        } finally {
            if (!entered) {
                forget(name);
            }
        }
    }

    void leave(String name) {
        Gate gate = gates.get(name);
        if (gate == null) {
            throw new IllegalStateException("gate of '" + name + "' left without being entered");
        }
        gate.permit.release();
        forget(name);
    }

    int size() {
        return gates.size();
    }

    private void forget(String name) {
        gates.computeIfPresent(name, (k, g) -> --g.users == 0 ? null : g);
    }

    private static final class Gate {
        final Semaphore permit = new Semaphore(1, true);
        int users; // guarded by the map's compute on this key
    }
}
