package dev.concurrency.contention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A redis-server of the suite's own, on a free loopback port, so a scenario can kill and restart
 * it without touching the Redis everything else uses. Like production here, it keeps nothing on disk.
 */
public final class OwnRedis implements AutoCloseable {

    private final int port;
    private final Path log;
    private Process process;

    private OwnRedis(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    public static OwnRedis start(Path logDir) {
        try {
            Files.createDirectories(logDir);
            OwnRedis redis = new OwnRedis(ServiceReplica.freePort(), logDir.resolve("redis.log"));
            redis.restart();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills it outright: everything in it (locks, fencing counters, scripts) is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it (again) on the same port, empty. */
    public void restart() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Reaper.track(process.pid());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!RedisProbe.ping(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server on port " + port + " did not start; see " + log);
                }
                ServiceReplica.pause(Duration.ofMillis(50));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server is needed for this scenario", e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
