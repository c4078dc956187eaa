package dev.concurrency.lock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three JVMs with eight threads each increment one database counter by read-then-write, released
 * together. With the lock, no increment is lost and no two holders are ever inside at once.
 */
class MutualExclusionAcrossProcessesTest {

    static final int PROCESSES = 3;
    static final int THREADS = 8;
    static final int ITERATIONS = 25;

    record Outcome(long counter, int overlaps) {
    }

    @Test
    void incrementsAreNeverLostAcrossProcesses() throws Exception {
        Outcome outcome = run("with-lock", 1);
        assertEquals(0, outcome.overlaps(), "two holders were inside the critical section at once");
        assertEquals(PROCESSES * THREADS * ITERATIONS, outcome.counter(), "increments were lost");
    }

    /** Negative control: the same workload without the lock loses updates, so the check above has teeth. */
    @Test
    void withoutTheLockTheSameWorkloadLosesUpdates() throws Exception {
        Outcome outcome = run("without-lock", 2);
        assertTrue(outcome.overlaps() > 0 || outcome.counter() < PROCESSES * THREADS * ITERATIONS,
                "expected overlaps or lost increments without the lock, got " + outcome);
    }

    private Outcome run(String mode, long rowId) throws Exception {
        String prefix = TestInfra.settings("mutex-" + mode).keyPrefix();
        FencedCounter counter = new FencedCounter("mutex_counter");
        counter.create(rowId);
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                children.add(new ChildJvm(LockContender.class, prefix, "mutex_counter", Long.toString(rowId),
                        Integer.toString(THREADS), Integer.toString(ITERATIONS), mode));
            }
            for (ChildJvm child : children) {
                child.expect("READY", Duration.ofSeconds(60));
            }
            children.forEach(child -> child.send("GO"));
            int overlaps = 0;
            for (ChildJvm child : children) {
                String done = child.expect("DONE", Duration.ofSeconds(240));
                overlaps += Integer.parseInt(done.split(" ")[1]);
            }
            return new Outcome(counter.value(rowId), overlaps);
        } finally {
            children.forEach(ChildJvm::close);
        }
    }
}
