package dev.concurrency.lockbench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Just enough RESP for the harness (INFO, SCAN, DEL), over a plain socket, so the harness JVM loads
 * neither Vert.x nor Redisson (whose Netty versions differ) and cannot tilt the measurements.
 */
final class MiniRedis implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    MiniRedis(String url) throws IOException {
        URI uri = URI.create(url);
        socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 5_000);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                call("AUTH", userInfo);
            } else if (colon == 0) {
                call("AUTH", userInfo.substring(1));
            } else {
                call("AUTH", userInfo.substring(0, colon), userInfo.substring(colon + 1));
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            call("SELECT", path.substring(1));
        }
    }

    Object call(String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    /** The server version from INFO server. */
    String version() throws IOException {
        String info = (String) call("INFO", "server");
        return info.lines().filter(l -> l.startsWith("redis_version:")).map(l -> l.substring("redis_version:".length()).trim())
                .findFirst().orElse("unknown");
    }

    /** Calls so far of every command the server has run (INFO commandstats), by lower-case command name. */
    Map<String, Long> commandCalls() throws IOException {
        Map<String, Long> calls = new TreeMap<>();
        String info = (String) call("INFO", "commandstats");
        for (String line : info.lines().toList()) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (field.startsWith("calls=")) {
                        calls.put(name, Long.parseLong(field.substring("calls=".length())));
                    }
                }
            }
        }
        return calls;
    }

    /** Deletes every key matching the glob pattern; returns how many. */
    long deleteMatching(String pattern) throws IOException {
        String cursor = "0";
        long deleted = 0;
        do {
            List<?> reply = (List<?>) call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            cursor = (String) reply.get(0);
            List<?> keys = (List<?>) reply.get(1);
            if (!keys.isEmpty()) {
                List<String> del = new ArrayList<>();
                del.add("DEL");
                keys.forEach(k -> del.add((String) k));
                deleted += (Long) call(del.toArray(String[]::new));
            }
        } while (!cursor.equals("0"));
        return deleted;
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = readLine();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IOException("Redis error: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length);
                readLine();
                yield new String(bytes, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                yield items;
            }
            default -> throw new IOException("unexpected RESP type " + (char) type);
        };
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read(); // '\n'
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
