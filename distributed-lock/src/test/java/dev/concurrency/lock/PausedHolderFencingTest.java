package dev.concurrency.lock;

import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A holder in another process is frozen with SIGSTOP after it has read the row, for longer than
 * its lease (its watchdog is frozen too, as in a GC pause). A newer holder takes the lock and
 * claims the row but has not written yet when the old one wakes up: the stale-read case. The old
 * holder's write must be refused, and its release must tell it that it had lost the lock.
 */
class PausedHolderFencingTest {

    static final Duration LEASE = Duration.ofMillis(600);

    @Test
    void aFrozenHoldersWriteIsRefusedAfterANewerHolderClaimedTheRow() throws Exception {
        String outcome = freezeHolderThenTakeOver("fenced", 1);
        assertEquals("WRITE-REJECTED", outcome);
        assertEquals(1, new FencedCounter("fenced_row").value(1), "only the newer holder's +1 may be applied");
    }

    /**
     * Negative control: with plain writes the frozen holder's write is accepted, and then silently
     * overwritten by the newer holder who had read the row before it: an acknowledged update is lost.
     */
    @Test
    void withoutFencingAnAcknowledgedWriteIsLost() throws Exception {
        String outcome = freezeHolderThenTakeOver("unfenced", 2);
        assertEquals("WRITE-OK", outcome);
        assertEquals(1, new FencedCounter("fenced_row").value(2), "the old holder's acknowledged +100 is gone");
    }

    private String freezeHolderThenTakeOver(String mode, long rowId) throws Exception {
        LockSettings settings = TestInfra.settings("paused-" + mode).withLease(LEASE);
        FencedCounter row = new FencedCounter("fenced_row");
        row.create(rowId);
        Redis redis = TestInfra.redis();
        try (FencedLocks newer = new FencedLocks(redis, settings, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
             ChildJvm old = new ChildJvm(FencedWriter.class, settings.keyPrefix(), "fenced_row", Long.toString(rowId),
                     Long.toString(LEASE.toMillis()), mode)) {
            String[] read = old.expect("READ", Duration.ofSeconds(60)).split(" ");
            FencingToken oldToken = new FencingToken(Long.parseLong(read[1]));

            old.signal("STOP");
            TestInfra.awaitKeyGone(redis, newer.lockKey("row"), LEASE.multipliedBy(20));
            String result;
            try (LockLease lease = newer.acquire("row"); Connection c = TestInfra.db()) {
                assertTrue(lease.token().isNewerThan(oldToken));
                assertTrue(row.claim(c, rowId, lease.token()), "the newer holder must be able to claim the row");
                long value = row.read(c, rowId);

                // The old holder wakes up while the newer one is still inside, before it has written.
                old.signal("CONT");
                old.send("WRITE");
                result = old.expect("WRITE-", Duration.ofSeconds(30));
                assertEquals("RELEASED false", old.expect("RELEASED", Duration.ofSeconds(30)),
                        "the old holder must learn that it had lost the lock");
                assertTrue(lease.isHeld(), "the old holder's release must not free the newer holder's lock");

                if (mode.equals("fenced")) {
                    assertTrue(row.fencedWrite(c, rowId, value + 1, lease.token()));
                } else {
                    row.unfencedWrite(c, rowId, value + 1);
                }
            }
            return result;
        }
    }
}
