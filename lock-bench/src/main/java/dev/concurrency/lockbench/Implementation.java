package dev.concurrency.lockbench;

import java.util.Arrays;

/** The locks compared, each with the adapter its child JVMs load and the classpath they run on. */
public enum Implementation {

    OURS("ours", "dev.concurrency.lockbench.OursLockAdapter", "ours", true,
            "this project's FencedLocks.acquire / LockLease.release: SET NX PX and the fencing token in one Lua script,"
                    + " 5 s lease renewed by a watchdog, pub/sub wake-up, threads of a process queue FIFO in front of Redis"),
    OURS_COMBINING("ours-combining", "dev.concurrency.lockbench.OursLockAdapter", "ours", true,
            "the same lock, with the operations waiting in one process combined (CombiningQueue, as the services do):"
                    + " one acquisition, one read, one fenced write and one commit per batch; throughput counts operations"),
    REDISSON_RLOCK("redisson-rlock", "dev.concurrency.lockbench.RedissonRLockAdapter", "redisson", false,
            "Redisson RLock.tryLock(wait) / unlock: reentrant hash lock, 30 s lease renewed by its watchdog, pub/sub wake-up;"
                    + " no token, so the write is unfenced"),
    REDISSON_FENCED("redisson-fenced", "dev.concurrency.lockbench.RedissonFencedLockAdapter", "redisson", true,
            "Redisson RFencedLock.tryLockAndGetToken(wait) / unlock: RLock plus a token counter incremented on acquire"),
    /** Not benchmarked by default: the negative control of the test (-Dbench.lock.implementations=...,none to add it). */
    NONE("none", "dev.concurrency.lockbench.NoLockAdapter", "ours", false,
            "no lock at all (negative control: the checks must report violations)");

    private final String id;
    private final String adapterClass;
    private final String classpath;
    private final boolean fenced;
    private final String description;

    Implementation(String id, String adapterClass, String classpath, boolean fenced, String description) {
        this.id = id;
        this.adapterClass = adapterClass;
        this.classpath = classpath;
        this.fenced = fenced;
        this.description = description;
    }

    public String id() {
        return id;
    }

    String adapterClass() {
        return adapterClass;
    }

    /** Name of the classpath file (target/lock-bench-classpath/&lt;name&gt;.classpath) its children use. */
    String classpath() {
        return classpath;
    }

    /** Whether the lock hands out a fencing token that the critical section checks. */
    public boolean fenced() {
        return fenced;
    }

    /** Whether the threads of a process combine their operations under one acquisition (counted per operation). */
    public boolean combining() {
        return this == OURS_COMBINING;
    }

    public String description() {
        return description;
    }

    public static Implementation byId(String id) {
        return Arrays.stream(values()).filter(i -> i.id.equals(id.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown implementation '" + id + "'; known: "
                        + Arrays.stream(values()).map(Implementation::id).toList()));
    }
}
