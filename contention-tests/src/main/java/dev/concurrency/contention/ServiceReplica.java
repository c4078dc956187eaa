package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.Reply;

import dev.concurrency.client.auth.Tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One service process: `java -jar quarkus-run.jar` on a free loopback port, logging to its own file. */
public final class ServiceReplica implements AutoCloseable {

    private final String name;
    private final int port;
    private final List<String> command;
    private final Path log;
    private Process process;

    private ServiceReplica(String name, int port, List<String> command, Path log) {
        this.name = name;
        this.port = port;
        this.command = command;
        this.log = log;
    }

    public static ServiceReplica start(String name, Path jar, Map<String, String> properties, Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (make build)");
        }
        try {
            Files.createDirectories(logDir);
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx384m");
            if (Runtime.version().feature() >= 24) {
                command.add("--sun-misc-unsafe-memory-access=allow");
            }
            command.add("-Dquarkus.http.port=" + port);
            // The keys of this process's tokens (Tokens.shared()) unless the caller names others (an OIDC provider's).
            Map<String, String> all = new java.util.TreeMap<>(Tokens.shared().serviceConfig());
            all.putAll(properties);
            all.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
            ServiceReplica replica = new ServiceReplica(name, port, List.copyOf(command), logDir.resolve(name + ".log"));
            replica.launch();
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Reaper.track(process.pid());
    }

    /** Starts the replica again, on the same port with the same settings (after a stop or a kill). */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until /q/health/ready answers 200; fails early if the process dies. */
    public void awaitReady(Duration atMost) {
        Http http = new Http(Duration.ofSeconds(2));
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + tail());
            }
            Reply reply = http.get(baseUrl() + "/q/health/ready");
            if (reply.status() == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + atMost + " (last: " + reply.status() + "); log: " + tail());
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** Waits (bounded) until the log contains the text; how a test learns a replica reached a point. */
    public void awaitLog(String text, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!logText().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " never logged '" + text + "'; log: " + tail());
            }
            pause(Duration.ofMillis(50));
        }
    }

    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: every thread stops, as in a long GC pause or a VM stall. */
    public void freeze() {
        Reaper.signal(pid(), "STOP");
    }

    public void thaw() {
        Reaper.signal(pid(), "CONT");
    }

    /** A graceful stop (SIGTERM), as an operator or Kubernetes would do it. */
    public void stop() {
        close();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        Reaper.signal(pid(), "CONT"); // a frozen process cannot act on TERM
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(15), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private String tail() {
        String text = logText();
        return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(Math.max(0, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
