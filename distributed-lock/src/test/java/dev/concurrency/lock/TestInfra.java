package dev.concurrency.lock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** The real Redis and MariaDB the tests run against (set up by scripts/infra.sh). */
final class TestInfra {

    static final String REDIS_URL = System.getProperty("test.redis.url", "redis://127.0.0.1:6379");
    static final String DB_URL = System.getProperty("test.db.url", "jdbc:mysql://127.0.0.1:3306/lock_test");
    static final String DB_USER = System.getProperty("test.db.user", "lock_svc");
    static final String DB_PASSWORD = System.getProperty("test.db.password", "lock_svc");

    private static Vertx vertx;

    private TestInfra() {
    }

    static synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }

    static Redis redis(String url) {
        return Redis.createClient(vertx(), url);
    }

    static Redis redis() {
        return redis(REDIS_URL);
    }

    /** A lock service of its own, like a separate replica, with keys no other test uses. */
    static FencedLocks locks(LockSettings settings) {
        return new FencedLocks(redis(), settings, new SimpleMeterRegistry());
    }

    static LockSettings settings(String testName) {
        return LockSettings.DEFAULTS.withKeyPrefix("dlock-test:" + testName + ":" + System.nanoTime() + ":");
    }

    static Response redisCall(Redis redis, Command command, String... args) {
        Request request = Request.cmd(command);
        for (String arg : args) {
            request.arg(arg);
        }
        return redis.send(request).await().atMost(Duration.ofSeconds(5));
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
    }

    /** Waits (bounded) until the lock's key is gone from Redis, i.e. its lease ran out. */
    static void awaitKeyGone(Redis redis, String key, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (redisCall(redis, Command.EXISTS, key).toInteger() == 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("lock key " + key + " still present after " + atMost);
            }
            Thread.sleep(20);
        }
    }
}
