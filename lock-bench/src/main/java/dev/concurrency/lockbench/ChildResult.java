package dev.concurrency.lockbench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one contender process reports to the harness, through a file.
 *
 * @param acquisitions all successful acquisitions, warm-up included (each ran the critical section once)
 * @param committed    critical sections whose increment was written
 * @param refused      critical sections whose write fencing refused
 * @param timeouts     acquisitions that gave up after the wait timeout
 * @param errors       exceptions from acquire, critical section or release
 * @param lostLeases   releases that found the lock no longer theirs
 * @param measured     acquisitions in the measured window (the arrays below may hold a sample of them)
 * @param firstError   the first exception, or ""
 * @param library      the lock library as the adapter names it
 * @param waits        measured acquisitions: time in acquire, ns
 * @param holds        measured acquisitions: from acquire returning to release returning, ns
 * @param sections     measured acquisitions: the critical section alone, ns
 */
record ChildResult(long acquisitions, long committed, long refused, long timeouts, long errors, long lostLeases,
        long measured, String firstError, String library, long[] waits, long[] holds, long[] sections) {

    private static final int MAGIC = 0x4c4b4232;

    void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(MAGIC);
            for (long v : new long[] {acquisitions, committed, refused, timeouts, errors, lostLeases, measured}) {
                out.writeLong(v);
            }
            out.writeUTF(firstError.length() > 2000 ? firstError.substring(0, 2000) : firstError);
            out.writeUTF(library);
            for (long[] array : new long[][] {waits, holds, sections}) {
                out.writeInt(array.length);
                for (long v : array) {
                    out.writeLong(v);
                }
            }
        }
    }

    static ChildResult read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a contender result");
            }
            long[] counts = new long[7];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = in.readLong();
            }
            String firstError = in.readUTF();
            String library = in.readUTF();
            long[][] arrays = new long[3][];
            for (int a = 0; a < 3; a++) {
                arrays[a] = new long[in.readInt()];
                for (int i = 0; i < arrays[a].length; i++) {
                    arrays[a][i] = in.readLong();
                }
            }
            return new ChildResult(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], firstError,
                    library, arrays[0], arrays[1], arrays[2]);
        }
    }
}
