package dev.concurrency.lock;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to Redis that can be frozen: every connection through it stays open but carries
 * nothing, as after a silent network loss (a half-open connection), until it is thawed.
 */
final class FreezableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String host;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private boolean frozen;
    private boolean repliesHeld;

    private FreezableProxy(String host, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.host = host;
        this.targetPort = targetPort;
        Thread.ofVirtual().name("proxy-accept").start(this::accept);
    }

    static FreezableProxy to(String host, int port) throws IOException {
        return new FreezableProxy(host, port);
    }

    int port() {
        return server.getLocalPort();
    }

    void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    /** Lets requests through to Redis but holds back its answers: Redis acts, the client hears nothing yet. */
    void holdReplies() {
        synchronized (gate) {
            repliesHeld = true;
        }
    }

    void thaw() {
        synchronized (gate) {
            frozen = false;
            repliesHeld = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        try {
            while (!server.isClosed()) {
                Socket client = server.accept();
                Socket upstream = new Socket(host, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream, false));
                Thread.ofVirtual().start(() -> pump(upstream, client, true));
            }
        } catch (IOException closed) {
            // the proxy is closed
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                awaitThawed(replies);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side went away: so does the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitThawed(boolean replies) throws InterruptedException {
        synchronized (gate) {
            while (frozen || (replies && repliesHeld)) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        thaw();
        server.close();
        sockets.forEach(FreezableProxy::closeQuietly);
    }
}
