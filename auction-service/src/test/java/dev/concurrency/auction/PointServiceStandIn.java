package dev.concurrency.auction;

import dev.concurrency.client.auth.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A programmable stand-in for point-service's member and hold endpoints (docs/api.md#point-service), on the
 * JDK's HTTP server at a free loopback port:
 * <ul>
 *   <li>{@code GET /members/{id}}: 200, or 404 MEMBER_NOT_FOUND;</li>
 *   <li>{@code POST /holds} {@code {"holdId","memberId","amount"}}: 201 HELD, a repeat 200; 404 MEMBER_NOT_FOUND,
 *       409 INSUFFICIENT_POINTS (available short), 409 HOLD_CANCELLED (released or voided before);</li>
 *   <li>{@code POST /holds/{id}/release}: 200 RELEASED (points back once), 200 VOIDED for an id never seen
 *       (a tombstone), 409 HOLD_ALREADY_CAPTURED;</li>
 *   <li>{@code POST /holds/{id}/capture} {@code {"payeeMemberId"}}: 200 CAPTURED (once: the holder's balance and
 *       held drop, the payee's balance rises), 404 HOLD_NOT_FOUND, 409 HOLD_NOT_ACTIVE.</li>
 * </ul>
 * Members live in memory. {@link #behave} switches how it answers; every request is logged.
 */
public final class PointServiceStandIn implements AutoCloseable {

    /** How the stand-in answers the requests a behaviour applies to. */
    public enum Behaviour {
        NORMAL,
        /** 500, nothing done. */
        FAIL_500,
        /** Sleeps past the client's 2 s timeout, then 503, nothing done. */
        HANG,
        /** No connection is accepted (the server socket is closed); applies to every request. */
        REFUSE,
        /** Does it, but answers 500: the effect lands, the answer is lost. */
        DROP
    }

    /** The kinds of request, to aim a behaviour at some of them. */
    public enum Kind { MEMBER, HOLD, RELEASE, CAPTURE, OTHER }

    public static final String HELD = "HELD";
    public static final String RELEASED = "RELEASED";
    public static final String CAPTURED = "CAPTURED";
    public static final String VOIDED = "VOIDED";

    /** A hold; memberId and amount are null for a tombstone. */
    public record Hold(String holdId, Long memberId, Long amount, String status, Long payeeMemberId) {
    }

    /** One request as received (memberId: the holder for HOLD, the payee for CAPTURE), with the status it was answered with. */
    public record Call(Kind kind, String holdId, Long memberId, int status) {
    }

    private static final class Member {
        long balance;
        long held;
    }

    private record Answer(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Long, Member> members = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, Integer> capturesDone = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "point-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final int port;
    private volatile HttpServer server;
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    private volatile Set<Kind> affected = EnumSet.allOf(Kind.class);
    private volatile long hangMillis = 3_000;

    private PointServiceStandIn(HttpServer server) {
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    public static PointServiceStandIn start() {
        PointServiceStandIn standIn = new PointServiceStandIn(bind(0));
        standIn.serve(standIn.server);
        return standIn;
    }

    public int port() {
        return port;
    }

    // ---- behaviour -------------------------------------------------------------------------

    /** Answers every request this way from now on. */
    public void behave(Behaviour next) {
        behave(next, EnumSet.allOf(Kind.class));
    }

    /** Answers these kinds of request this way from now on, the others normally (REFUSE refuses all). */
    public synchronized void behave(Behaviour next, Set<Kind> kinds) {
        if (next == Behaviour.REFUSE && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Behaviour.REFUSE && server == null) {
            HttpServer again = bind(port);
            serve(again);
            server = again;
        }
        affected = EnumSet.copyOf(kinds);
        behaviour = next;
    }

    // ---- state -----------------------------------------------------------------------------

    public synchronized void addMember(long memberId, long balance) {
        Member m = new Member();
        m.balance = balance;
        members.put(memberId, m);
    }

    public synchronized long balance(long memberId) {
        return members.get(memberId).balance;
    }

    public synchronized long held(long memberId) {
        return members.get(memberId).held;
    }

    public Optional<Hold> hold(String holdId) {
        return Optional.ofNullable(holds.get(holdId));
    }

    public String holdStatus(String holdId) {
        Hold hold = holds.get(holdId);
        return hold == null ? null : hold.status();
    }

    /** The holds (not tombstones) of these members. */
    public List<Hold> holdsOf(Set<Long> memberIds) {
        return holds.values().stream().filter(h -> h.memberId() != null && memberIds.contains(h.memberId())).toList();
    }

    /** How many times this hold's points were actually paid out. */
    public int capturesDone(String holdId) {
        return capturesDone.getOrDefault(holdId, 0);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The hold ids that POST /holds was asked for on behalf of this member. */
    public List<String> holdIdsAskedFor(long memberId) {
        return calls.stream().filter(c -> c.kind() == Kind.HOLD && c.memberId() != null && c.memberId() == memberId)
                .map(Call::holdId).distinct().toList();
    }

    public List<Call> callsFor(String holdId) {
        return calls.stream().filter(c -> holdId.equals(c.holdId())).toList();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        executor.shutdownNow();
    }

    // ---- HTTP ------------------------------------------------------------------------------

    private static HttpServer bind(int port) {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
            } catch (BindException e) {
                last = e; // the port is still being released
                sleep(100);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the point-service stand-in", e);
            }
        }
        throw new IllegalStateException("cannot bind the point-service stand-in to port " + port, last);
    }

    private void serve(HttpServer http) {
        http.setExecutor(executor);
        http.createContext("/", this::handle);
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
            String[] s = Arrays.stream(exchange.getRequestURI().getRawPath().split("/")).filter(p -> !p.isEmpty())
                    .map(p -> URLDecoder.decode(p, StandardCharsets.UTF_8)).toArray(String[]::new);
            JsonNode body = parse(exchange.getRequestBody().readAllBytes());

            Kind kind;
            String holdId = null;
            Long memberId = null;
            if (method.equals("GET") && s.length == 2 && s[0].equals("members")) {
                kind = Kind.MEMBER;
            } else if (method.equals("POST") && s.length == 1 && s[0].equals("holds")) {
                kind = Kind.HOLD;
                holdId = text(body, "holdId");
                memberId = body != null && body.hasNonNull("memberId") ? body.get("memberId").asLong() : null;
            } else if (method.equals("POST") && s.length == 3 && s[0].equals("holds") && s[2].equals("release")) {
                kind = Kind.RELEASE;
                holdId = s[1];
            } else if (method.equals("POST") && s.length == 3 && s[0].equals("holds") && s[2].equals("capture")) {
                kind = Kind.CAPTURE;
                holdId = s[1];
                memberId = body != null && body.hasNonNull("payeeMemberId") ? body.get("payeeMemberId").asLong() : null;
            } else {
                kind = Kind.OTHER;
            }

            Behaviour b = affected.contains(kind) ? behaviour : Behaviour.NORMAL;
            Answer answer = switch (b) {
                case FAIL_500 -> problem(500, "INTERNAL_ERROR", "stand-in told to fail");
                case HANG -> {
                    sleep(hangMillis);
                    yield problem(503, "SERVICE_UNAVAILABLE", "stand-in hung");
                }
                case DROP -> {
                    route(kind, s, body);
                    yield problem(500, "INTERNAL_ERROR", "stand-in dropped the answer");
                }
                default -> route(kind, s, body);
            };
            calls.add(new Call(kind, holdId, memberId, answer.status()));
            send(exchange, answer);
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private Answer route(Kind kind, String[] s, JsonNode body) {
        return switch (kind) {
            case MEMBER -> member(s[1]);
            case HOLD -> hold(body);
            case RELEASE -> release(s[1]);
            case CAPTURE -> capture(s[1], body);
            case OTHER -> problem(404, "NOT_FOUND", "no such resource");
        };
    }

    private synchronized Answer member(String id) {
        long memberId;
        try {
            memberId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return problem(400, "INVALID_REQUEST", "not a member id");
        }
        if (!members.containsKey(memberId)) {
            return problem(404, "MEMBER_NOT_FOUND", "member " + memberId + " does not exist");
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("id", memberId);
        node.put("name", "member-" + memberId);
        return new Answer(200, node);
    }

    private synchronized Answer hold(JsonNode body) {
        String holdId = text(body, "holdId");
        if (holdId == null || holdId.isEmpty() || holdId.length() > 100 || !body.hasNonNull("memberId") || !body.hasNonNull("amount")) {
            return problem(400, "INVALID_REQUEST", "holdId, memberId and amount are required");
        }
        long memberId = body.get("memberId").asLong();
        long amount = body.get("amount").asLong();
        if (amount < 1 || amount > 10_000_000) {
            return problem(400, "INVALID_AMOUNT", "amount out of range");
        }
        Hold existing = holds.get(holdId);
        if (existing != null) {
            if (existing.status().equals(RELEASED) || existing.status().equals(VOIDED)) {
                return problem(409, "HOLD_CANCELLED", "hold " + holdId + " was " + existing.status().toLowerCase() + " before");
            }
            if (!existing.memberId().equals(memberId) || !existing.amount().equals(amount)) {
                return problem(422, "IDEMPOTENCY_KEY_REUSED", "hold " + holdId + " exists with another member or amount");
            }
            return new Answer(200, json(existing));
        }
        Member m = members.get(memberId);
        if (m == null) {
            return problem(404, "MEMBER_NOT_FOUND", "member " + memberId + " does not exist");
        }
        if (m.balance - m.held < amount) {
            return problem(409, "INSUFFICIENT_POINTS", "member " + memberId + " has " + (m.balance - m.held) + " available");
        }
        m.held += amount;
        Hold held = new Hold(holdId, memberId, amount, HELD, null);
        holds.put(holdId, held);
        return new Answer(201, json(held));
    }

    private synchronized Answer release(String holdId) {
        Hold hold = holds.get(holdId);
        if (hold == null) {
            Hold tombstone = new Hold(holdId, null, null, VOIDED, null);
            holds.put(holdId, tombstone);
            return new Answer(200, json(tombstone));
        }
        if (hold.status().equals(CAPTURED)) {
            return problem(409, "HOLD_ALREADY_CAPTURED", "hold " + holdId + " was captured");
        }
        if (hold.status().equals(HELD)) {
            members.get(hold.memberId()).held -= hold.amount();
            hold = new Hold(holdId, hold.memberId(), hold.amount(), RELEASED, null);
            holds.put(holdId, hold);
        }
        return new Answer(200, json(hold));
    }

    private synchronized Answer capture(String holdId, JsonNode body) {
        if (body == null || !body.hasNonNull("payeeMemberId")) {
            return problem(400, "INVALID_REQUEST", "payeeMemberId is required");
        }
        long payee = body.get("payeeMemberId").asLong();
        Hold hold = holds.get(holdId);
        if (hold == null) {
            return problem(404, "HOLD_NOT_FOUND", "hold " + holdId + " does not exist");
        }
        if (hold.status().equals(RELEASED) || hold.status().equals(VOIDED)) {
            return problem(409, "HOLD_NOT_ACTIVE", "hold " + holdId + " was " + hold.status().toLowerCase());
        }
        if (hold.status().equals(CAPTURED)) {
            return payee == hold.payeeMemberId() ? new Answer(200, json(hold))
                    : problem(422, "IDEMPOTENCY_KEY_REUSED", "hold " + holdId + " was captured to another member");
        }
        Member payeeMember = members.get(payee);
        if (payeeMember == null) {
            return problem(404, "MEMBER_NOT_FOUND", "member " + payee + " does not exist");
        }
        Member holder = members.get(hold.memberId());
        holder.held -= hold.amount();
        holder.balance -= hold.amount();
        payeeMember.balance += hold.amount();
        hold = new Hold(holdId, hold.memberId(), hold.amount(), CAPTURED, payee);
        holds.put(holdId, hold);
        capturesDone.merge(holdId, 1, Integer::sum);
        return new Answer(200, json(hold));
    }

    // ---- JSON ------------------------------------------------------------------------------

    private static JsonNode json(Hold h) {
        ObjectNode node = JSON.createObjectNode();
        node.put("holdId", h.holdId());
        if (h.memberId() == null) {
            node.putNull("memberId");
            node.putNull("amount");
        } else {
            node.put("memberId", h.memberId());
            node.put("amount", h.amount());
        }
        node.put("status", h.status());
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
            exchange.getResponseHeaders().set("Content-Type", answer.status() >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException gone) {
            // the client gave up waiting (HANG): nobody reads this answer
        }
    }

    private static String text(JsonNode body, String field) {
        return body != null && body.hasNonNull(field) && body.get(field).isTextual() ? body.get(field).asText() : null;
    }

    private static JsonNode parse(byte[] raw) {
        try {
            return raw.length == 0 ? null : JSON.readTree(raw);
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
