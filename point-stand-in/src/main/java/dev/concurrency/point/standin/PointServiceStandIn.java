package dev.concurrency.point.standin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.concurrency.client.auth.Tokens;
import dev.concurrency.point.api.CaptureRequest;
import dev.concurrency.point.api.HoldRequest;
import dev.concurrency.point.api.HoldStatus;
import dev.concurrency.point.api.HoldView;
import dev.concurrency.point.api.PaymentRequest;
import dev.concurrency.point.api.PaymentStatus;
import dev.concurrency.point.api.PaymentView;
import dev.concurrency.support.problem.ProblemCode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static dev.concurrency.point.api.PointProblem.HOLD_ALREADY_CAPTURED;
import static dev.concurrency.point.api.PointProblem.HOLD_CANCELLED;
import static dev.concurrency.point.api.PointProblem.HOLD_NOT_ACTIVE;
import static dev.concurrency.point.api.PointProblem.HOLD_NOT_FOUND;
import static dev.concurrency.point.api.PointProblem.INSUFFICIENT_POINTS;
import static dev.concurrency.point.api.PointProblem.MEMBER_NOT_FOUND;
import static dev.concurrency.point.api.PointProblem.PAYMENT_CANCELLED;
import static dev.concurrency.point.api.PointProblem.PAYMENT_NOT_FOUND;
import static dev.concurrency.support.problem.CommonProblem.IDEMPOTENCY_KEY_REUSED;
import static dev.concurrency.support.problem.CommonProblem.INTERNAL_ERROR;
import static dev.concurrency.support.problem.CommonProblem.INVALID_AMOUNT;
import static dev.concurrency.support.problem.CommonProblem.INVALID_REQUEST;
import static dev.concurrency.support.problem.CommonProblem.NOT_FOUND;
import static dev.concurrency.support.problem.CommonProblem.OVERLOADED;
import static dev.concurrency.support.problem.CommonProblem.SERVICE_UNAVAILABLE;
import static dev.concurrency.support.problem.CommonProblem.UNAUTHENTICATED;

/**
 * A programmable stand-in for point-service's service-to-service endpoints (docs/api.md#point-service, the contract
 * {@link dev.concurrency.point.api.PointServiceApi}), on the JDK's own HTTP server, bound to a free loopback port:
 * <ul>
 *   <li>{@code GET /members/{id}}: 200 {@code {"id","name"}}, or 404 MEMBER_NOT_FOUND;</li>
 *   <li>{@code POST /payments} {@link PaymentRequest}: 201 PAID, a repeat 200; 404 MEMBER_NOT_FOUND,
 *       409 INSUFFICIENT_POINTS (available short), 409 PAYMENT_CANCELLED (voided or refunded before);</li>
 *   <li>{@code GET /payments/{id}}: 200 with its status, or 404 PAYMENT_NOT_FOUND;</li>
 *   <li>{@code POST /payments/{id}/refund}: 200 REFUNDED (points back once), or 200 VOIDED for an id it never saw,
 *       remembered as a tombstone so that a later payment with that id is refused;</li>
 *   <li>{@code POST /holds} {@link HoldRequest}: 201 HELD, a repeat 200; 404 MEMBER_NOT_FOUND,
 *       409 INSUFFICIENT_POINTS (available short), 409 HOLD_CANCELLED (released or voided before);</li>
 *   <li>{@code POST /holds/{id}/release}: 200 RELEASED (points back once), 200 VOIDED for an id never seen
 *       (a tombstone), 409 HOLD_ALREADY_CAPTURED;</li>
 *   <li>{@code POST /holds/{id}/capture} {@link CaptureRequest}: 200 CAPTURED (once: the holder's balance and
 *       held drop, the payee's balance rises), 404 HOLD_NOT_FOUND, 409 HOLD_NOT_ACTIVE.</li>
 * </ul>
 * As point-service does (docs/api.md#authentication), it answers only service tokens: 401 UNAUTHENTICATED otherwise.
 * Members (balance and held points), payments and holds live in memory, set by the test. How it answers is switched
 * by {@link #behave}, aimed at {@link Kind kinds of request}; every request is logged as a {@link Call}.
 */
public final class PointServiceStandIn implements AutoCloseable {

    /** The kinds of request, to aim a behaviour at some of them and to read the log. */
    public enum Kind {
        /** {@code GET /members/{id}}. */
        MEMBER,
        /** {@code POST /payments}. */
        PAY,
        /** {@code GET /payments/{id}}. */
        PAYMENT,
        /** {@code POST /payments/{id}/refund}. */
        REFUND,
        /** {@code POST /holds}. */
        HOLD,
        /** {@code POST /holds/{id}/release}. */
        RELEASE,
        /** {@code POST /holds/{id}/capture}. */
        CAPTURE,
        /** Anything else: 404. */
        OTHER
    }

    /**
     * How the stand-in answers the requests a behaviour is aimed at; the others are answered normally.
     * {@link PointServiceStandIn#behave(Behaviour)} aims each at the kinds named here,
     * {@link PointServiceStandIn#behave(Behaviour, Set)} at others.
     */
    public enum Behaviour {
        /** As point-service does. */
        NORMAL(EnumSet.noneOf(Kind.class)),
        /** 500, nothing done. Every request by default. */
        FAIL_500(EnumSet.allOf(Kind.class)),
        /**
         * Sleeps {@link PointServiceStandIn#hangFor} (longer than the client's timeout by default), then 503, nothing done.
         * Every request by default.
         */
        HANG(EnumSet.allOf(Kind.class)),
        /** No connection is accepted: the server socket is closed. Always every request, whatever it is aimed at. */
        REFUSE(EnumSet.allOf(Kind.class)),
        /** Does it, but answers 500: the effect lands, the answer is lost. POST /payments by default. */
        DROP(EnumSet.of(Kind.PAY)),
        /**
         * Sleeps {@link PointServiceStandIn#hangFor}, then does it (it lands; by default after the client gave up).
         * POST /payments by default.
         */
        SLOW_PAY(EnumSet.of(Kind.PAY)),
        /** Nothing done, 500 now; the request is kept for {@link PointServiceStandIn#deliverLate}. POST /payments by default. */
        LATE(EnumSet.of(Kind.PAY)),
        /** Refused with 400 INVALID_AMOUNT, nothing done (an answer, not an outage). POST /payments by default. */
        REFUSE_400(EnumSet.of(Kind.PAY)),
        /** Every other one answered 503 OVERLOADED, nothing done (busy, not down); the rest normal. POST /payments by default. */
        OVERLOADED_EVERY_OTHER(EnumSet.of(Kind.PAY));

        private final Set<Kind> aimedAtByDefault;

        Behaviour(Set<Kind> aimedAtByDefault) {
            this.aimedAtByDefault = Set.copyOf(aimedAtByDefault);
        }
    }

    /** A hold as the stand-in holds it: memberId and amount are null for a tombstone; payeeMemberId is set once CAPTURED. */
    public record Hold(String holdId, Long memberId, Long amount, HoldStatus status, Long payeeMemberId) {

        /** The hold as point-service answers it. */
        public HoldView view() {
            return new HoldView(holdId, memberId, amount, status);
        }
    }

    /**
     * One request as received: its kind, the payment or hold id it is about, the member it names (the payer for PAY,
     * the holder for HOLD, the payee for CAPTURE, the one looked up for MEMBER), the status it was answered with,
     * and whether it was held back by LATE and delivered by {@link #deliverLate}.
     */
    public record Call(Kind kind, String id, Long memberId, int status, boolean late) {
    }

    /** An answer of the stand-in: its status and JSON body (a problem for 4xx and 5xx). */
    public record Answer(int status, JsonNode body) {

        /** The problem code of a refusal, or null for a success. */
        public String code() {
            return body == null || body.get("code") == null ? null : body.get("code").asText();
        }
    }

    /** A request as the stand-in routes it: its kind, its body, and the payment or hold id and the member it names. */
    private record Request(Kind kind, JsonNode body, String id, Long memberId) {

        static Request of(String method, String[] s, JsonNode body) {
            boolean get = method.equals("GET");
            boolean post = method.equals("POST");
            String resource = s.length == 0 ? "" : s[0];
            String action = s.length == 3 ? s[2] : "";
            if (get && s.length == 2 && resource.equals("members")) {
                return new Request(Kind.MEMBER, body, null, parseLong(s[1]));
            } else if (post && s.length == 1 && resource.equals("payments")) {
                return new Request(Kind.PAY, body, text(body, "paymentId"), number(body, "memberId"));
            } else if (get && s.length == 2 && resource.equals("payments")) {
                return new Request(Kind.PAYMENT, body, s[1], null);
            } else if (post && resource.equals("payments") && action.equals("refund")) {
                return new Request(Kind.REFUND, body, s[1], null);
            } else if (post && s.length == 1 && resource.equals("holds")) {
                return new Request(Kind.HOLD, body, text(body, "holdId"), number(body, "memberId"));
            } else if (post && resource.equals("holds") && action.equals("release")) {
                return new Request(Kind.RELEASE, body, s[1], null);
            } else if (post && resource.equals("holds") && action.equals("capture")) {
                return new Request(Kind.CAPTURE, body, s[1], number(body, "payeeMemberId"));
            }
            return new Request(Kind.OTHER, body, null, null);
        }

        Call call(int status, boolean late) {
            return new Call(kind, id, memberId, status, late);
        }
    }

    private static final class Member {
        long balance;
        long held;

        long available() {
            return balance - held;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<Long, Member> members = new ConcurrentHashMap<>();
    private final Map<String, PaymentView> payments = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refundsDone = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> capturesDone = new ConcurrentHashMap<>();
    private final Map<String, List<Request>> lateRequests = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "point-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final int port;
    private volatile HttpServer server;
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    private volatile Set<Kind> aimedAt = Set.of();
    /** When positive: how many more requests the current behaviour affects before it turns NORMAL again. */
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicInteger busyTurn = new AtomicInteger();
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

    /** The loopback port it listens on (the same after a REFUSE). */
    public int port() {
        return port;
    }

    // ---- behaviour -------------------------------------------------------------------------

    /** Answers the kinds of request this behaviour is aimed at by default this way from now on, until told otherwise. */
    public void behave(Behaviour next) {
        behave(next, next.aimedAtByDefault);
    }

    /** Answers these kinds of request this way from now on, until told otherwise, the others normally (REFUSE refuses all). */
    public synchronized void behave(Behaviour next, Set<Kind> kinds) {
        switchTo(next, kinds, 0);
    }

    /**
     * Answers the next {@code requests} requests this behaviour is aimed at by default this way, then normally again
     * (not for REFUSE, which never sees the requests it would count).
     */
    public synchronized void behaveFor(Behaviour next, int requests) {
        if (next == Behaviour.REFUSE) {
            throw new IllegalArgumentException("REFUSE cannot count requests it never sees");
        }
        switchTo(next, next.aimedAtByDefault, requests);
    }

    /** How long HANG and SLOW_PAY keep a request waiting (more than the clients' 2 s timeout by default). */
    public void hangFor(long millis) {
        this.hangMillis = millis;
    }

    private void switchTo(Behaviour next, Set<Kind> kinds, int requests) {
        if (next == Behaviour.REFUSE && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Behaviour.REFUSE && server == null) {
            HttpServer again = bind(port);
            serve(again);
            server = again;
        }
        aimedAt = Set.copyOf(kinds);
        behaviour = next;
        remaining.set(requests);
    }

    /** The behaviour that applies to this kind of request, counting it against behaveFor's budget. */
    private synchronized Behaviour behaviourFor(Kind kind) {
        Behaviour current = behaviour;
        if (current == Behaviour.NORMAL || !aimedAt.contains(kind)) {
            return Behaviour.NORMAL;
        }
        if (remaining.get() > 0 && remaining.decrementAndGet() == 0) {
            behaviour = Behaviour.NORMAL;
        }
        return current;
    }

    // ---- state, for tests ------------------------------------------------------------------

    /** Makes this a member with this balance and nothing held (replacing a member with that id). */
    public synchronized void addMember(long memberId, long balance) {
        Member m = new Member();
        m.balance = balance;
        members.put(memberId, m);
    }

    /** The member's balance (held points included). */
    public synchronized long balance(long memberId) {
        return known(memberId).balance;
    }

    /** The member's points held by holds not yet released or captured. */
    public synchronized long held(long memberId) {
        return known(memberId).held;
    }

    /** The payment with this id (a tombstone: VOIDED, without member and amount), if any. */
    public Optional<PaymentView> payment(String paymentId) {
        return Optional.ofNullable(payments.get(paymentId));
    }

    /** Every payment of this member (tombstones name no member). */
    public List<PaymentView> paymentsOf(long memberId) {
        return payments.values().stream().filter(p -> p.memberId() != null && p.memberId() == memberId).toList();
    }

    /** How many times points were actually returned for this payment (a refund of a PAID payment). */
    public int refundsDone(String paymentId) {
        AtomicInteger n = refundsDone.get(paymentId);
        return n == null ? 0 : n.get();
    }

    /** The hold with this id (a tombstone: VOIDED, without member and amount), if any. */
    public Optional<Hold> hold(String holdId) {
        return Optional.ofNullable(holds.get(holdId));
    }

    /** The status of the hold with this id, or null if there is none. */
    public HoldStatus holdStatus(String holdId) {
        Hold hold = holds.get(holdId);
        return hold == null ? null : hold.status();
    }

    /** The holds (not tombstones) of these members. */
    public List<Hold> holdsOf(Set<Long> memberIds) {
        return holds.values().stream().filter(h -> h.memberId() != null && memberIds.contains(h.memberId())).toList();
    }

    /** How many times this hold's points were actually paid out. */
    public int capturesDone(String holdId) {
        AtomicInteger n = capturesDone.get(holdId);
        return n == null ? 0 : n.get();
    }

    /** Every request received, oldest first. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every request received about this payment or hold id, oldest first. */
    public List<Call> callsFor(String id) {
        return calls.stream().filter(c -> id.equals(c.id())).toList();
    }

    /** The hold ids that POST /holds was asked for on behalf of this member, each once, in the order first asked. */
    public List<String> holdIdsAskedFor(long memberId) {
        return calls.stream().filter(c -> c.kind() == Kind.HOLD && c.memberId() != null && c.memberId() == memberId)
                .map(Call::id).distinct().toList();
    }

    /**
     * Delivers the requests about this payment or hold id that LATE held back, now, as point-service would
     * process them if they arrived only now; logs them as late and returns the answers.
     */
    public List<Answer> deliverLate(String id) {
        List<Request> held = lateRequests.remove(id);
        List<Answer> answers = new ArrayList<>();
        if (held != null) {
            for (Request request : held) {
                Answer answer = route(request);
                calls.add(request.call(answer.status(), true));
                answers.add(answer);
            }
        }
        return answers;
    }

    /** How many requests about this payment or hold id LATE holds back. */
    public int lateRequestsHeld(String id) {
        List<Request> held = lateRequests.get(id);
        return held == null ? 0 : held.size();
    }

    /** Stops the server; it does not start again. */
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
                return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
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
        http.createContext("/", this::handle);
        http.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // As point-service does (docs/api.md#authentication): payments and holds answer only service tokens.
            if (!Tokens.shared().admits(exchange.getRequestHeaders().getFirst("Authorization"), "service")) {
                send(exchange, problem(UNAUTHENTICATED, "the stand-in wants a service token"));
                return;
            }
            String[] segments = Arrays.stream(exchange.getRequestURI().getRawPath().split("/")).filter(s -> !s.isEmpty())
                    .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toArray(String[]::new);
            Request request = Request.of(exchange.getRequestMethod(), segments, parse(exchange.getRequestBody().readAllBytes()));
            Answer answer = answer(request);
            calls.add(request.call(answer.status(), false));
            send(exchange, answer);
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private Answer answer(Request request) {
        return switch (behaviourFor(request.kind())) {
            case NORMAL, REFUSE -> route(request);
            case FAIL_500 -> problem(INTERNAL_ERROR, "stand-in told to fail");
            case HANG -> {
                sleep(hangMillis);
                yield problem(SERVICE_UNAVAILABLE, "stand-in hung");
            }
            case SLOW_PAY -> {
                sleep(hangMillis);
                yield route(request);
            }
            case DROP -> {
                route(request); // it lands...
                yield problem(INTERNAL_ERROR, "stand-in dropped the answer"); // ...the answer is lost
            }
            case LATE -> {
                if (request.id() != null) {
                    lateRequests.computeIfAbsent(request.id(), k -> new CopyOnWriteArrayList<>()).add(request);
                }
                yield problem(INTERNAL_ERROR, "stand-in holds the request back");
            }
            case REFUSE_400 -> problem(INVALID_AMOUNT, "stand-in refuses the amount");
            case OVERLOADED_EVERY_OTHER -> busyTurn.getAndIncrement() % 2 == 0 ? problem(OVERLOADED, "stand-in is busy") : route(request);
        };
    }

    private Answer route(Request request) {
        return switch (request.kind()) {
            case MEMBER -> lookUp(request.memberId());
            case PAY -> {
                PaymentRequest payment = read(request.body(), PaymentRequest.class);
                yield validated("paymentId", payment.paymentId(), payment.memberId(), payment.amount(), () -> pay(payment));
            }
            case PAYMENT -> paymentStatus(request.id());
            case REFUND -> refund(request.id());
            case HOLD -> {
                HoldRequest hold = read(request.body(), HoldRequest.class);
                yield validated("holdId", hold.holdId(), hold.memberId(), hold.amount(), () -> placeHold(hold));
            }
            case RELEASE -> release(request.id());
            case CAPTURE -> capture(request.id(), read(request.body(), CaptureRequest.class));
            case OTHER -> problem(NOT_FOUND, "no such resource");
        };
    }

    // ---- point-service's rules -------------------------------------------------------------

    private synchronized Answer lookUp(Long memberId) {
        if (memberId == null) {
            return problem(INVALID_REQUEST, "not a member id");
        }
        if (!members.containsKey(memberId)) {
            return problem(MEMBER_NOT_FOUND, "member " + memberId + " does not exist");
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("id", memberId);
        node.put("name", "member-" + memberId);
        return new Answer(200, node);
    }

    private synchronized Answer pay(PaymentRequest request) {
        String id = request.paymentId();
        PaymentView existing = payments.get(id);
        if (existing != null) {
            return existing.status() == PaymentStatus.PAID ? ok(200, existing)
                    : problem(PAYMENT_CANCELLED, "payment " + id + " was " + lowerCase(existing.status()) + " before");
        }
        Answer refused = unaffordable(request.memberId(), request.amount());
        if (refused != null) {
            return refused;
        }
        members.get(request.memberId()).balance -= request.amount();
        PaymentView paid = new PaymentView(id, request.memberId(), request.amount(), PaymentStatus.PAID);
        payments.put(id, paid);
        return ok(201, paid);
    }

    private Answer paymentStatus(String id) {
        PaymentView payment = payments.get(id);
        return payment == null ? problem(PAYMENT_NOT_FOUND, "payment " + id + " does not exist") : ok(200, payment);
    }

    private synchronized Answer refund(String id) {
        PaymentView payment = payments.get(id);
        if (payment == null) {
            payment = new PaymentView(id, null, null, PaymentStatus.VOIDED);
            payments.put(id, payment);
        } else if (payment.status() == PaymentStatus.PAID) {
            members.get(payment.memberId()).balance += payment.amount();
            refundsDone.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            payment = new PaymentView(id, payment.memberId(), payment.amount(), PaymentStatus.REFUNDED);
            payments.put(id, payment);
        }
        return ok(200, payment);
    }

    private synchronized Answer placeHold(HoldRequest request) {
        String id = request.holdId();
        Hold existing = holds.get(id);
        if (existing != null) {
            if (existing.status() == HoldStatus.RELEASED || existing.status() == HoldStatus.VOIDED) {
                return problem(HOLD_CANCELLED, "hold " + id + " was " + lowerCase(existing.status()) + " before");
            }
            if (!existing.memberId().equals(request.memberId()) || !existing.amount().equals(request.amount())) {
                return problem(IDEMPOTENCY_KEY_REUSED, "hold " + id + " exists with another member or amount");
            }
            return ok(200, existing.view());
        }
        Answer refused = unaffordable(request.memberId(), request.amount());
        if (refused != null) {
            return refused;
        }
        members.get(request.memberId()).held += request.amount();
        Hold held = new Hold(id, request.memberId(), request.amount(), HoldStatus.HELD, null);
        holds.put(id, held);
        return ok(201, held.view());
    }

    private synchronized Answer release(String id) {
        Hold hold = holds.get(id);
        if (hold == null) {
            hold = new Hold(id, null, null, HoldStatus.VOIDED, null);
            holds.put(id, hold);
        } else if (hold.status() == HoldStatus.CAPTURED) {
            return problem(HOLD_ALREADY_CAPTURED, "hold " + id + " was captured");
        } else if (hold.status() == HoldStatus.HELD) {
            members.get(hold.memberId()).held -= hold.amount();
            hold = new Hold(id, hold.memberId(), hold.amount(), HoldStatus.RELEASED, null);
            holds.put(id, hold);
        }
        return ok(200, hold.view());
    }

    private synchronized Answer capture(String id, CaptureRequest request) {
        if (request.payeeMemberId() == null) {
            return problem(INVALID_REQUEST, "payeeMemberId is required");
        }
        long payee = request.payeeMemberId();
        Hold hold = holds.get(id);
        if (hold == null) {
            return problem(HOLD_NOT_FOUND, "hold " + id + " does not exist");
        }
        if (hold.status() == HoldStatus.RELEASED || hold.status() == HoldStatus.VOIDED) {
            return problem(HOLD_NOT_ACTIVE, "hold " + id + " was " + lowerCase(hold.status()));
        }
        if (hold.status() == HoldStatus.CAPTURED) {
            return payee == hold.payeeMemberId() ? ok(200, hold.view())
                    : problem(IDEMPOTENCY_KEY_REUSED, "hold " + id + " was captured to another member");
        }
        Member payeeMember = members.get(payee);
        if (payeeMember == null) {
            return problem(MEMBER_NOT_FOUND, "member " + payee + " does not exist");
        }
        Member holder = members.get(hold.memberId());
        holder.held -= hold.amount();
        holder.balance -= hold.amount();
        payeeMember.balance += hold.amount();
        hold = new Hold(id, hold.memberId(), hold.amount(), HoldStatus.CAPTURED, payee);
        holds.put(id, hold);
        capturesDone.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        return ok(200, hold.view());
    }

    /**
     * 400 for a payment or hold request without its id, member or amount, with an id that is not 1 to 100 characters
     * or with an amount out of range; else what {@code valid} answers.
     */
    private static Answer validated(String idField, String id, Long memberId, Long amount, Supplier<Answer> valid) {
        if (id == null || memberId == null || amount == null) {
            return problem(INVALID_REQUEST, idField + ", memberId and amount are required");
        }
        if (id.isEmpty() || id.length() > 100) {
            return problem(INVALID_REQUEST, idField + " must be 1 to 100 characters");
        }
        if (amount < 1 || amount > 10_000_000) {
            return problem(INVALID_AMOUNT, "amount out of range");
        }
        return valid.get();
    }

    /** 404 for a member that does not exist, 409 for one whose available points fall short; null when it can pay. */
    private Answer unaffordable(long memberId, long amount) {
        Member m = members.get(memberId);
        if (m == null) {
            return problem(MEMBER_NOT_FOUND, "member " + memberId + " does not exist");
        }
        if (m.available() < amount) {
            return problem(INSUFFICIENT_POINTS, "member " + memberId + " has " + m.available() + " available, " + amount + " asked");
        }
        return null;
    }

    private Member known(long memberId) {
        Member m = members.get(memberId);
        if (m == null) {
            throw new IllegalArgumentException("member " + memberId + " was never added to the stand-in");
        }
        return m;
    }

    // ---- JSON ------------------------------------------------------------------------------

    private static Answer ok(int status, Object view) {
        return new Answer(status, JSON.valueToTree(view));
    }

    private static Answer problem(ProblemCode problem, String detail) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "about:blank");
        node.put("title", problem.title());
        node.put("status", problem.status());
        node.put("detail", detail);
        node.put("code", problem.code());
        return new Answer(problem.status(), node);
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
            // the client gave up waiting (HANG, SLOW_PAY): nobody reads this answer
        }
    }

    /** The body as this request record; one without any field set if the body is missing or does not fit. */
    private static <T> T read(JsonNode body, Class<T> type) {
        try {
            return JSON.convertValue(body == null || !body.isObject() ? JSON.createObjectNode() : body, type);
        } catch (IllegalArgumentException e) {
            return JSON.convertValue(JSON.createObjectNode(), type);
        }
    }

    private static JsonNode parse(byte[] raw) {
        try {
            return raw.length == 0 ? null : JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        return body != null && body.hasNonNull(field) && body.get(field).isTextual() ? body.get(field).asText() : null;
    }

    private static Long number(JsonNode body, String field) {
        return body != null && body.hasNonNull(field) && body.get(field).canConvertToLong() ? body.get(field).asLong() : null;
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String lowerCase(Enum<?> status) {
        return status.name().toLowerCase();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
