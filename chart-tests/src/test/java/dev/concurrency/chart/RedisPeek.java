package dev.concurrency.chart;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Reads keys of the chart's Redis container from the test, over RESP on one connection, with the
 * password its container was given: enough to watch a lock's owner and lease.
 */
final class RedisPeek implements AutoCloseable {

    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;

    private RedisPeek(String host, int port, String password) throws IOException {
        socket.connect(new InetSocketAddress(host, port), 3_000);
        socket.setSoTimeout(5_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        if (password != null && !password.isEmpty()) {
            String ok = command("AUTH", password);
            if (!"OK".equals(ok)) {
                throw new IllegalStateException("Redis refused the password: " + ok);
            }
        }
    }

    /** The chart's Redis pod, at its address, with the password from its container's environment. */
    static RedisPeek of(DockerPods pods) throws IOException {
        DockerPods.Pod redis = pods.pods("redis").get(0);
        String password = null;
        for (String var : pods.docker().inspectContainerCmd(pods.container(redis)).exec().getConfig().getEnv()) {
            if (var.startsWith("REDISCLI_AUTH=")) {
                password = var.substring("REDISCLI_AUTH=".length());
            }
        }
        return new RedisPeek(pods.address(redis, "redis"), 6379, password);
    }

    /** GET: the value, or null. */
    String get(String key) {
        return command("GET", key);
    }

    /** PTTL: the milliseconds left, -2 when there is no such key. */
    long pttl(String key) {
        return Long.parseLong(command("PTTL", key));
    }

    private synchronized String command(String... parts) {
        try {
            StringBuilder request = new StringBuilder("*").append(parts.length).append("\r\n");
            for (String part : parts) {
                request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = line();
            return switch (line.charAt(0)) {
                case '+', ':' -> line.substring(1);
                case '$' -> {
                    int length = Integer.parseInt(line.substring(1));
                    if (length < 0) {
                        yield null;
                    }
                    byte[] bytes = in.readNBytes(length + 2);
                    yield new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
                default -> throw new IllegalStateException("Redis answered " + line);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            sb.append((char) c);
        }
        in.read(); // \n
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
