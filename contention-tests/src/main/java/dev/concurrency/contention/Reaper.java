package dev.concurrency.contention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes sure no process the suite started outlives it. Processes are stopped by the tests
 * themselves and by a shutdown hook; for the case where this JVM is killed outright, a small
 * watcher process kills every pid the suite recorded as soon as this JVM is gone.
 */
public final class Reaper {

    private static Path pidFile;

    private Reaper() {
    }

    public static synchronized void track(long pid) {
        try {
            if (pidFile == null) {
                pidFile = Files.createTempFile("contention-pids-", ".txt");
                long self = ProcessHandle.current().pid();
                new ProcessBuilder("bash", "-c",
                        "while kill -0 " + self + " 2>/dev/null; do sleep 1; done; "
                                + "xargs -r kill -CONT < '" + pidFile + "' 2>/dev/null; xargs -r kill -9 < '" + pidFile + "' 2>/dev/null; rm -f '" + pidFile + "'")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            }
            Files.writeString(pidFile, pid + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessHandle.of(pid).ifPresent(handle -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (handle.isAlive()) {
                signal(pid, "CONT");
                handle.destroyForcibly();
            }
        })));
    }

    /** Sends a signal (STOP, CONT, KILL…) to a process. */
    public static void signal(long pid, String signal) {
        try {
            int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed with " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
