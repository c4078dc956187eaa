package dev.concurrency.lock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.sql.Connection;
import java.time.Duration;

/**
 * A separate process that takes the lock, claims and reads the row, and then waits for the word
 * to write, so the test can freeze it (SIGSTOP) in the middle of its critical section.
 *
 * <p>Arguments: keyPrefix table rowId leaseMillis fenced|unfenced.
 * Prints {@code READ <token> <value>}; on WRITE from stdin it writes value + 100 and prints
 * {@code WRITE-OK} or {@code WRITE-REJECTED}, then {@code RELEASED <true|false>}.
 */
public final class FencedWriter {

    public static void main(String[] args) throws Exception {
        String prefix = args[0];
        FencedCounter counter = new FencedCounter(args[1]);
        long rowId = Long.parseLong(args[2]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        boolean fenced = args[4].equals("fenced");

        FencedLocks locks = new FencedLocks(TestInfra.redis(),
                LockSettings.DEFAULTS.withKeyPrefix(prefix).withLease(lease), new SimpleMeterRegistry());
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        try (Connection c = TestInfra.db()) {
            LockLease held = locks.acquire("row");
            if (!counter.claim(c, rowId, held.token())) {
                System.out.println("CLAIM-REJECTED");
            }
            long value = counter.read(c, rowId);
            System.out.println("READ " + held.token() + " " + value);
            stdin.readLine(); // the test freezes us here, past the lease, then says WRITE
            if (fenced) {
                System.out.println(counter.fencedWrite(c, rowId, value + 100, held.token()) ? "WRITE-OK" : "WRITE-REJECTED");
            } else {
                counter.unfencedWrite(c, rowId, value + 100);
                System.out.println("WRITE-OK");
            }
            System.out.println("RELEASED " + held.release());
        }
        locks.close();
        System.exit(0);
    }
}
