package dev.concurrency.order;

import dev.concurrency.client.auth.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A programmable stand-in for point-service's payment endpoints (docs/api.md#point-service), on the JDK's own
 * HTTP server, bound to a free loopback port:
 * <ul>
 *   <li>{@code POST /payments} {@code {"paymentId","memberId","amount"}}: 201 PAID, a repeat 200; 404 MEMBER_NOT_FOUND,
 *       409 INSUFFICIENT_POINTS, 409 PAYMENT_CANCELLED (voided or refunded before);</li>
 *   <li>{@code GET /payments/{id}}: 200 with its status, or 404 PAYMENT_NOT_FOUND;</li>
 *   <li>{@code POST /payments/{id}/refund}: 200 REFUNDED (points back once), or 200 VOIDED for an id it never saw,
 *       remembered as a tombstone so that a later payment with that id is refused.</li>
 * </ul>
 * Members and their balances live in memory, set by the test. How it answers is switched by
 * {@link #behave(Behaviour)}; every request is logged for inspection.
 */
public final class PointServiceStandIn implements AutoCloseable {

    /** How the stand-in answers. */
    public enum Behaviour {
        /** As point-service does. */
        NORMAL,
        /** Every request: 500, nothing done. */
        FAIL_500,
        /** Every request: sleeps longer than the client's timeout, then 503, nothing done. */
        HANG,
        /** POST /payments: sleeps longer than the client's timeout, then does the payment (it lands, the answer is lost). */
        SLOW_PAY,
        /** No connection is accepted: the server socket is closed. */
        REFUSE,
        /** POST /payments: the payment is done (PAID), but the answer is a 500. Other requests: normal. */
        DROP,
        /** POST /payments: nothing recorded, 500 now; the request is kept for {@link #deliverLate}. Other requests: normal. */
        LATE,
        /** POST /payments: refused with 400 INVALID_AMOUNT, nothing done (an answer, not an outage). Other requests: normal. */
        REFUSE_400,
        /** POST /payments: every other one answered 503 OVERLOADED, nothing done (busy, not down); the rest normal. */
        OVERLOADED_EVERY_OTHER
    }

    public static final String PAID = "PAID";
    public static final String REFUNDED = "REFUNDED";
    public static final String VOIDED = "VOIDED";

    /** One payment as the stand-in holds it. memberId and amount are null for a tombstone (voided before it arrived). */
    public record Payment(String paymentId, Long memberId, Long amount, String status) {
    }

    /** One request as received, with the status it was answered with (0: none, the connection was dropped). */
    public record Call(String method, String path, String paymentId, int status) {
    }

    /** The answer to a request delivered by the test itself. */
    public record Answer(int status, JsonNode body) {
        public String code() {
            return body == null || body.get("code") == null ? null : body.get("code").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_JSON = "application/problem+json";

    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    private final Map<Long, Long> balances = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> lateRequests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refundsDone = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "point-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final int port;
    private volatile HttpServer server;
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    /** When positive: how many more requests the current behaviour affects before it turns NORMAL again. */
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile long hangMillis = 3_000;

    private PointServiceStandIn(HttpServer server) {
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    /** Starts it on a free loopback port. */
    public static PointServiceStandIn start() {
        PointServiceStandIn standIn = new PointServiceStandIn(bind(0));
        standIn.serve(standIn.server);
        return standIn;
    }

    public int port() {
        return port;
    }

    // ---- behaviour -------------------------------------------------------------------------

    private final java.util.concurrent.atomic.AtomicInteger busyTurn = new java.util.concurrent.atomic.AtomicInteger();

    /** Answers this way from now on, until told otherwise. */
    public synchronized void behave(Behaviour next) {
        remaining.set(0);
        switchTo(next);
    }

    /** Answers this way to the next {@code requests} affected requests, then normally again (not for REFUSE). */
    public synchronized void behaveFor(Behaviour next, int requests) {
        if (next == Behaviour.REFUSE) {
            throw new IllegalArgumentException("REFUSE cannot count requests it never sees");
        }
        switchTo(next);
        remaining.set(requests);
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    /** How long HANG and SLOW_PAY keep a request waiting (more than the client's 2 s timeout by default). */
    public void hangFor(long millis) {
        this.hangMillis = millis;
    }

    private void switchTo(Behaviour next) {
        if (next == Behaviour.REFUSE && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Behaviour.REFUSE && server == null) {
            HttpServer again = bind(port);
            serve(again);
            server = again;
        }
        behaviour = next;
    }

    /** The behaviour that applies to this request, counting it against behaveFor's budget. */
    private synchronized Behaviour behaviourFor(boolean pay) {
        Behaviour current = behaviour;
        if (current == Behaviour.NORMAL || !affects(current, pay)) {
            return Behaviour.NORMAL;
        }
        if (remaining.get() > 0 && remaining.decrementAndGet() == 0) {
            behaviour = Behaviour.NORMAL;
        }
        return current;
    }

    // ---- state, for tests ------------------------------------------------------------------

    public void setBalance(long memberId, long balance) {
        balances.put(memberId, balance);
    }

    public void removeMember(long memberId) {
        balances.remove(memberId);
    }

    /** The member's balance, or null if it is not a member. */
    public Long balance(long memberId) {
        return balances.get(memberId);
    }

    public Optional<Payment> payment(String paymentId) {
        return Optional.ofNullable(payments.get(paymentId));
    }

    /** Every payment (including tombstones) of one member or with one of the given ids. */
    public List<Payment> paymentsOf(long memberId) {
        return payments.values().stream().filter(p -> p.memberId() != null && p.memberId() == memberId).toList();
    }

    /** How many times points were actually returned for this payment (a refund of a PAID payment). */
    public int refundsDone(String paymentId) {
        AtomicInteger n = refundsDone.get(paymentId);
        return n == null ? 0 : n.get();
    }

    /** Every request received about this payment, oldest first. */
    public List<Call> callsFor(String paymentId) {
        return calls.stream().filter(c -> paymentId.equals(c.paymentId())).toList();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * Delivers the POST /payments requests for this id that LATE held back, now, as point-service
     * would process them if they arrived only now; returns the answers.
     */
    public List<Answer> deliverLate(String paymentId) {
        List<JsonNode> held = lateRequests.remove(paymentId);
        List<Answer> answers = new ArrayList<>();
        if (held != null) {
            for (JsonNode request : held) {
                Answer answer = pay(request);
                calls.add(new Call("POST", "/payments (late)", paymentId, answer.status()));
                answers.add(answer);
            }
        }
        return answers;
    }

    public int lateRequestsHeld(String paymentId) {
        List<JsonNode> held = lateRequests.get(paymentId);
        return held == null ? 0 : held.size();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        executor.shutdownNow();
    }

    // ---- the HTTP side ---------------------------------------------------------------------

    private static HttpServer bind(int port) {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            } catch (BindException e) {
                last = e; // the port is still being released: try again shortly
                sleep(100);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the point-service stand-in", e);
            }
        }
        throw new IllegalStateException("cannot bind the point-service stand-in to port " + port, last);
    }

    private void serve(HttpServer http) {
        http.setExecutor(executor);
        http.createContext("/payments", this::handle);
        http.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // As point-service does (docs/api.md#authentication): payments and holds answer only service tokens.
            if (!Tokens.shared().admits(exchange.getRequestHeaders().getFirst("Authorization"), "service")) {
                send(exchange, problem(401, "UNAUTHENTICATED", "the stand-in wants a service token"));
                return;
            }
            String method = exchange.getRequestMethod();
            String[] segments = segments(exchange.getRequestURI().getRawPath());
            byte[] raw = readAll(exchange.getRequestBody());
            JsonNode body = parse(raw);

            String paymentId;
            boolean pay = false;
            if ("POST".equals(method) && segments.length == 1) {
                pay = true;
                paymentId = body != null && body.hasNonNull("paymentId") ? body.get("paymentId").asText() : null;
            } else if (segments.length >= 2) {
                paymentId = segments[1];
            } else {
                paymentId = null;
            }
            String path = exchange.getRequestURI().getPath();

            Behaviour b = behaviourFor(pay);
            Answer answer;
            switch (b) {
                case FAIL_500 -> answer = problem(500, "INTERNAL_ERROR", "stand-in told to fail");
                case HANG -> {
                    sleep(hangMillis);
                    answer = problem(503, "SERVICE_UNAVAILABLE", "stand-in hung");
                }
                case SLOW_PAY -> {
                    sleep(hangMillis);
                    answer = route(method, segments, body);
                }
                case DROP -> {
                    route(method, segments, body); // it lands...
                    answer = problem(500, "INTERNAL_ERROR", "stand-in dropped the answer"); // ...the answer is lost
                }
                case LATE -> {
                    if (paymentId != null && body != null) {
                        lateRequests.computeIfAbsent(paymentId, k -> new CopyOnWriteArrayList<>()).add(body);
                    }
                    answer = problem(500, "INTERNAL_ERROR", "stand-in holds the payment back");
                }
                case REFUSE_400 -> answer = problem(400, "INVALID_AMOUNT", "stand-in refuses the amount");
                case OVERLOADED_EVERY_OTHER -> answer = busyTurn.getAndIncrement() % 2 == 0
                        ? problem(503, "OVERLOADED", "stand-in is busy") : route(method, segments, body);
                default -> answer = route(method, segments, body);
            }
            calls.add(new Call(method, path, paymentId, answer.status()));
            send(exchange, answer);
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    /** Which requests a behaviour applies to: the payment-only ones leave GET and refund alone. */
    private static boolean affects(Behaviour b, boolean pay) {
        return switch (b) {
            case SLOW_PAY, DROP, LATE, REFUSE_400, OVERLOADED_EVERY_OTHER -> pay;
            default -> true;
        };
    }

    private Answer route(String method, String[] segments, JsonNode body) {
        if (segments.length == 0 || !segments[0].equals("payments")) {
            return problem(404, "NOT_FOUND", "no such resource");
        }
        if (segments.length == 1 && method.equals("POST")) {
            return pay(body);
        }
        if (segments.length == 2 && method.equals("GET")) {
            return status(segments[1]);
        }
        if (segments.length == 3 && segments[2].equals("refund") && method.equals("POST")) {
            return refund(segments[1]);
        }
        return problem(405, "METHOD_NOT_ALLOWED", method + " not allowed here");
    }

    private Answer pay(JsonNode body) {
        if (body == null || !body.hasNonNull("paymentId") || !body.get("paymentId").isTextual()
                || !body.hasNonNull("memberId") || !body.get("memberId").canConvertToLong()
                || !body.hasNonNull("amount") || !body.get("amount").canConvertToLong()) {
            return problem(400, "INVALID_REQUEST", "paymentId, memberId and amount are required");
        }
        String id = body.get("paymentId").asText();
        long memberId = body.get("memberId").asLong();
        long amount = body.get("amount").asLong();
        if (id.isEmpty() || id.length() > 100) {
            return problem(400, "INVALID_REQUEST", "paymentId must be 1 to 100 characters");
        }
        if (amount < 1 || amount > 10_000_000) {
            return problem(400, "INVALID_AMOUNT", "amount out of range");
        }
        synchronized (this) {
            Payment existing = payments.get(id);
            if (existing != null) {
                if (existing.status().equals(PAID)) {
                    return new Answer(200, json(existing));
                }
                return problem(409, "PAYMENT_CANCELLED", "payment " + id + " was " + existing.status().toLowerCase() + " before");
            }
            Long balance = balances.get(memberId);
            if (balance == null) {
                return problem(404, "MEMBER_NOT_FOUND", "member " + memberId + " does not exist");
            }
            if (balance < amount) {
                return problem(409, "INSUFFICIENT_POINTS", "member " + memberId + " has " + balance + ", " + amount + " asked");
            }
            balances.put(memberId, balance - amount);
            Payment paid = new Payment(id, memberId, amount, PAID);
            payments.put(id, paid);
            return new Answer(201, json(paid));
        }
    }

    private Answer status(String id) {
        Payment payment = payments.get(id);
        return payment == null ? problem(404, "PAYMENT_NOT_FOUND", "payment " + id + " does not exist") : new Answer(200, json(payment));
    }

    private synchronized Answer refund(String id) {
        Payment payment = payments.get(id);
        if (payment == null) {
            Payment tombstone = new Payment(id, null, null, VOIDED);
            payments.put(id, tombstone);
            return new Answer(200, json(tombstone));
        }
        if (payment.status().equals(PAID)) {
            balances.merge(payment.memberId(), payment.amount(), Long::sum);
            refundsDone.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            payment = new Payment(id, payment.memberId(), payment.amount(), REFUNDED);
            payments.put(id, payment);
        }
        return new Answer(200, json(payment));
    }

    private static JsonNode json(Payment p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("paymentId", p.paymentId());
        if (p.memberId() == null) {
            node.putNull("memberId");
        } else {
            node.put("memberId", p.memberId());
        }
        if (p.amount() == null) {
            node.putNull("amount");
        } else {
            node.put("amount", p.amount());
        }
        node.put("status", p.status());
        return node;
    }

    private static Answer problem(int status, String code, String detail) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "about:blank");
        node.put("title", code);
        node.put("status", status);
        node.put("detail", detail);
        node.put("code", code);
        return new Answer(status, node);
    }

    private static void send(HttpExchange exchange, Answer answer) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", answer.status() >= 400 ? PROBLEM_JSON : "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException gone) {
            // the client gave up waiting (HANG, SLOW_PAY): nobody reads this answer
        }
    }

    private static String[] segments(String rawPath) {
        return java.util.Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toArray(String[]::new);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static JsonNode parse(byte[] raw) {
        if (raw.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
