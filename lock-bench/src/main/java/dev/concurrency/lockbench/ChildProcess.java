package dev.concurrency.lockbench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A contender JVM: protocol lines on stdout/stdin, everything it logs (stderr) in its own file. */
final class ChildProcess implements AutoCloseable {

    private static final String PREFIX = "LOCKBENCH ";

    private final Process process;
    private final Path log;
    private final PrintWriter in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    ChildProcess(List<String> command, Path log) throws IOException {
        this.log = log;
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(PREFIX)) {
                        lines.add(line.substring(PREFIX.length()));
                    }
                }
            } catch (IOException ignored) {
                // the process ended; expect() reports what is missing
            }
        }, "lockbench-child-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    void send(String line) {
        in.println(line);
    }

    /** Waits for the protocol line {@code expected}; fails with the child's log if it does not come. */
    void expect(String expected, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200))),
                    TimeUnit.NANOSECONDS);
            if (expected.equals(line)) {
                return;
            }
            if (line == null && (!process.isAlive() && lines.isEmpty() || System.nanoTime() > deadline)) {
                throw new IllegalStateException("contender " + process.pid() + " did not say " + expected + " within "
                        + atMost + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")")
                        + "; its log " + log + " ends with:\n" + logTail());
            }
        }
    }

    /** Waits for the process to end by itself; forces it after {@code atMost}. */
    void awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    String logTail() {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
