package dev.concurrency.contention.fuzz;

import dev.concurrency.client.auth.Tokens;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, one connection per request. The fuzz needs bytes java.net.http
 * refuses or rewrites: any Host header, non-ASCII header values, chunked bodies of its choosing.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 60_000;

    private RawHttp() {
    }

    /** One service process: where to send, and the name a message gives it. */
    record Service(String name, String host, int port) {

        static Service of(String name, String baseUrl) {
            URI uri = URI.create(baseUrl);
            return new Service(name, uri.getHost(), uri.getPort());
        }

        String authority() {
            return host + ":" + port;
        }

        Exchange send(Request request) {
            Answer answer = RawHttp.send(this, request);
            FuzzIdentities.learn(request, answer);
            return new Exchange(this, request, answer);
        }
    }

    static Answer send(Service service, Request request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(service.host(), service.port()), 5_000);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head(service, request));
                out.write(request.chunked() ? chunked(request.body()) : request.body());
                out.flush();
            } catch (IOException writeFailed) {
                // The server may answer (e.g. 400 for a body too large) and close before reading it all.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            return Answer.none(e.toString());
        }
    }

    private static byte[] head(Service service, Request request) {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        if (request.header("Host") == null) {
            head.append("Host: ").append(service.authority()).append("\r\n");
        }
        for (Request.Header h : request.headers()) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (request.header("Authorization") == null) {
            String token = Tokens.shared().token(FuzzIdentities.entitled(request));
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
        }
        if (request.chunked()) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (request.body().length > 0 || request.method().equals("POST") || request.method().equals("PUT")) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        // Header values go out as UTF-8 bytes: that is how a careless client sends non-ASCII.
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunk = 4096;
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (out.size() == 0) {
                throw e;
            }
            // A reset after the answer arrived (the server closing on a body it did not read) still leaves the answer.
        }
        return out.toByteArray();
    }

    static Answer parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            return Answer.none(raw.length == 0 ? "connection closed without an answer" : "incomplete answer: "
                    + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            return Answer.none("not an HTTP status line: " + lines[0]);
        }
        if (status >= 100 && status < 200 && raw.length > end + 4) {
            // an interim answer (100 Continue): the real one follows
            return parse(java.util.Arrays.copyOfRange(raw, end + 4, raw.length));
        }
        List<Request.Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new Request.Header(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        String encoding = headers.stream().filter(h -> h.name().equalsIgnoreCase("Transfer-Encoding")).map(Request.Header::value)
                .findFirst().orElse("");
        byte[] body = encoding.toLowerCase(Locale.ROOT).contains("chunked") ? unchunk(rest) : rest;
        String length = headers.stream().filter(h -> h.name().equalsIgnoreCase("Content-Length")).map(Request.Header::value)
                .findFirst().orElse(null);
        if (length != null && !encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            int declared = Integer.parseInt(length.trim());
            body = java.util.Arrays.copyOf(body, Math.min(declared, body.length));
        }
        return new Answer(status, List.copyOf(headers), body, null);
    }

    private static byte[] unchunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < data.length) {
            int lineEnd = indexOf(data, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(data, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(data, start, Math.min(n, data.length - start));
            at = start + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        return indexOf(data, needle, 0);
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
