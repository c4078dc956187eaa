package dev.concurrency.lockbench;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A few longs in a file mapped by every process of a run. Atomic operations on it are atomic across
 * processes (same physical page, locked CPU instructions), so it is a mutual-exclusion detector that
 * costs nanoseconds instead of a network round trip inside the critical section:
 * {@link #enter()} after acquiring, {@link #leave()} before releasing; any entry that finds someone
 * already inside is an overlap. It also holds the counter and fence of the "memory" critical section,
 * accessed with plain (non-atomic) read-then-write, so that overlapping holders lose increments.
 */
final class SharedMemory {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int INSIDE = 0;
    private static final int OVERLAPS = 8;
    private static final int MAX_INSIDE = 16;
    private static final int COUNTER = 24;
    private static final int FENCE = 32;
    private static final int SIZE = 64;

    private final MappedByteBuffer buffer;

    private SharedMemory(MappedByteBuffer buffer) {
        this.buffer = buffer;
    }

    static SharedMemory open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return new SharedMemory(channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE));
        }
    }

    /** Marks this holder inside; returns false (and counts an overlap) if another holder already was. */
    boolean enter() {
        long before = (long) LONGS.getAndAdd(buffer, INSIDE, 1L);
        if (before == 0) {
            return true;
        }
        LONGS.getAndAdd(buffer, OVERLAPS, 1L);
        long inside = before + 1;
        long max;
        while ((max = (long) LONGS.getVolatile(buffer, MAX_INSIDE)) < inside
                && !LONGS.compareAndSet(buffer, MAX_INSIDE, max, inside)) {
            Thread.onSpinWait();
        }
        return false;
    }

    void leave() {
        LONGS.getAndAdd(buffer, INSIDE, -1L);
    }

    long overlaps() {
        return (long) LONGS.getVolatile(buffer, OVERLAPS);
    }

    /** Most holders seen inside at once when there was an overlap (0 if there never was one). */
    long maxInside() {
        return (long) LONGS.getVolatile(buffer, MAX_INSIDE);
    }

    /** The "memory" critical section: separate read and write, so a concurrent holder's increment gets lost. */
    boolean incrementCounter(long token, boolean fenced) {
        return incrementCounter(1, token, fenced);
    }

    /** Adds {@code n} by read-then-write, once; fenced: only for a token newer than the last one written. */
    boolean incrementCounter(int n, long token, boolean fenced) {
        if (fenced) {
            long fence = (long) LONGS.getVolatile(buffer, FENCE);
            if (token <= fence) {
                return false;
            }
            LONGS.setVolatile(buffer, FENCE, token);
        }
        long value = (long) LONGS.getVolatile(buffer, COUNTER);
        LONGS.setVolatile(buffer, COUNTER, value + n);
        return true;
    }

    long counter() {
        return (long) LONGS.getVolatile(buffer, COUNTER);
    }
}
