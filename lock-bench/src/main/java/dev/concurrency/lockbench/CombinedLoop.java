package dev.concurrency.lockbench;

import dev.concurrency.lock.combining.CombiningQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.List;

/**
 * The threads of one contender process combining their increments, as the services combine requests:
 * the leader of a batch takes the lock once, increments by the batch's size with one read and one
 * write, releases, and answers each operation with whether it was written. Each loop of a thread is
 * one operation; its wait is the whole time from asking to the answer; holds are counted per batch.
 */
final class CombinedLoop implements Contender.Loop {

    /** The thread a batch runs on: its leader, whose own connection the batch uses. */
    private static final ThreadLocal<Contender.Worker> LEADER = new ThreadLocal<>();

    private final CombiningQueue<Void> queue;
    private volatile long windowStart;
    private volatile long windowEnd;

    private CombinedLoop(LockAdapter lock, SharedMemory shared) {
        this.queue = new CombiningQueue<>("lock-bench", new CombiningQueue.Limits(256, 1_000_000, Duration.ofMinutes(10)),
                (key, take) -> runBatch(lock, shared, take), new SimpleMeterRegistry());
    }

    static Contender.Loop create(LockAdapter lock, SharedMemory shared) {
        return new CombinedLoop(lock, shared);
    }

    @Override
    public void run(Contender.Worker worker, long warmupEnd, long end) {
        LEADER.set(worker);
        windowStart = warmupEnd;
        windowEnd = end;
        while (true) {
            long requested = System.nanoTime();
            if (requested - end >= 0) {
                return;
            }
            boolean written;
            try {
                written = (Boolean) queue.submit("k", nothing -> Boolean.FALSE);
            } catch (RuntimeException e) {
                worker.failed(e);
                Contender.Worker.pause();
                continue;
            }
            long answered = System.nanoTime();
            worker.acquisitions++;
            if (written) {
                worker.committed++;
            } else {
                worker.refused++;
            }
            if (answered - warmupEnd >= 0 && answered - end < 0) {
                worker.waits.add(answered - requested);
            }
        }
    }

    private void runBatch(LockAdapter lock, SharedMemory shared,
            java.util.function.Supplier<List<CombiningQueue.Operation<Void, ?>>> take) {
        Contender.Worker leader = LEADER.get();
        LockAdapter.Held held;
        try {
            held = lock.acquire();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (held == null) {
            throw new IllegalStateException("lock wait timed out");
        }
        long acquired = System.nanoTime();
        List<CombiningQueue.Operation<Void, ?>> batch = take.get();
        boolean written;
        long sectionDone;
        shared.enter();
        try {
            written = leader.section.runBatch(batch.size(), held.token());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            sectionDone = System.nanoTime();
            shared.leave();
        }
        try {
            if (!held.release()) {
                leader.lostLeases++;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long released = System.nanoTime();
        if (acquired - windowStart >= 0 && acquired - windowEnd < 0) {
            leader.holds.add(released - acquired);
            leader.sections.add(sectionDone - acquired);
        }
        batch.forEach(op -> op.succeed(written));
    }
}
