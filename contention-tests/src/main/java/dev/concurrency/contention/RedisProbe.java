package dev.concurrency.contention;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Just enough of the Redis protocol for a test to look at a key. */
public final class RedisProbe {

    private RedisProbe() {
    }

    public static boolean ping(int port) {
        try {
            return "+PONG".equals(command("127.0.0.1", port, "PING"));
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean exists(String redisUrl, String key) {
        URI uri = URI.create(redisUrl);
        try {
            return ":1".equals(command(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), "EXISTS", key));
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Redis at " + redisUrl, e);
        }
    }

    /** Waits (bounded) until the key is gone, e.g. until a frozen holder's lease has run out. */
    public static void awaitGone(String redisUrl, String key, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (exists(redisUrl, key)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(key + " still in Redis after " + atMost);
            }
            ServiceReplica.pause(Duration.ofMillis(50));
        }
    }

    private static String command(String host, int port, String... parts) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(2000);
            StringBuilder request = new StringBuilder("*" + parts.length + "\r\n");
            for (String part : parts) {
                request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }
}
