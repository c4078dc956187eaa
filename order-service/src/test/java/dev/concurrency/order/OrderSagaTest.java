package dev.concurrency.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.concurrency.client.Http;
import dev.concurrency.client.auth.Entitled;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.OrderClient.Line;
import dev.concurrency.client.Reply;
import dev.concurrency.point.api.PaymentStatus;
import dev.concurrency.point.api.PaymentView;
import dev.concurrency.point.standin.InjectStandIn;
import dev.concurrency.point.standin.PointServiceStandIn;
import dev.concurrency.point.standin.PointServiceStandIn.Answer;
import dev.concurrency.point.standin.PointServiceStandIn.Behaviour;
import dev.concurrency.point.standin.PointServiceStandIn.Kind;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The order saga against a stand-in point-service (docs/api.md#order-service): completion, refusals and their
 * compensation, unknown outcomes (5xx, timeouts, refused connections, lost answers, late payments)
 * answered 202 and settled by the recovery worker, cancellation, bad input and Idempotency-Key.
 */
@QuarkusTest
@WithTestResource(StandInPointService.class)
class OrderSagaTest {

    /** How long the recovery worker gets to settle an order (it runs every second, backs off at most 1 s). */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** Member ids unique to this run, so that orders of earlier runs (same database) never show up. */
    private static final AtomicLong MEMBERS = new AtomicLong(System.currentTimeMillis() * 100);

    @TestHTTPResource("/")
    URI base;

    @InjectStandIn
    PointServiceStandIn standIn;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    private Http http;
    private OrderClient api;

    @BeforeEach
    void setUp() {
        http = new Http(Duration.ofSeconds(60));
        api = new OrderClient(http, base.toString());
        assertNotNull(standIn, "the stand-in was not injected");
        standIn.behave(Behaviour.NORMAL);
        standIn.hangFor(3_000);
        // Earlier tests' failures must not leave a circuit open for this one.
        circuitBreakers.resetAll();
    }

    // ---- the happy path and the refusals ----------------------------------------------------

    @Test
    void anOrderTakesTheStockAndIsPaidOnce() {
        long a = api.newProduct("Apple", 100, 10);
        long b = api.newProduct("Banana", 250, 5);
        long member = member(10_000);

        Reply placed = api.place(member, List.of(new Line(a, 3), new Line(b, 2)));

        assertEquals(201, placed.status(), placed::toString);
        JsonNode order = placed.body();
        long id = order.get("id").asLong();
        assertEquals("COMPLETED", order.get("status").asText());
        assertEquals(member, order.get("memberId").asLong());
        assertEquals(3 * 100 + 2 * 250, order.get("totalAmount").asLong());
        assertTrue(order.get("failureReason").isNull(), "failureReason: " + order);
        assertEquals(Map.of(a, "3x100", b, "2x250"), itemsOf(order));

        assertEquals(7, api.stock(a));
        assertEquals(3, api.stock(b));
        PaymentView payment = standIn.payment(paymentId(id)).orElseThrow();
        assertEquals(new PaymentView(paymentId(id), member, 800L, PaymentStatus.PAID), payment);
        assertEquals(1, standIn.paymentsOf(member).size());
        assertEquals(10_000 - 800, standIn.balance(member));

        Reply read = api.order(id);
        assertEquals(200, read.status());
        assertEquals(order, read.body());
        List<JsonNode> listed = api.ordersOf(member);
        assertEquals(1, listed.size());
        assertEquals(order, listed.get(0));
    }

    @Test
    void notEnoughPointsCancelsTheOrderAndRestoresTheStock() {
        long a = api.newProduct("Cherry", 300, 10);
        long member = member(500);

        Reply placed = api.place(member, List.of(new Line(a, 2)));

        assertProblem(placed, 409, "INSUFFICIENT_POINTS");
        assertTrue(placed.body().hasNonNull("orderId"), "problem without orderId: " + placed);
        long id = placed.body().get("orderId").asLong();
        JsonNode order = api.order(id).body();
        assertEquals("CANCELLED", order.get("status").asText());
        assertEquals("INSUFFICIENT_POINTS", order.get("failureReason").asText());
        assertEquals(10, api.stock(a));
        assertTrue(standIn.payment(paymentId(id)).isEmpty(), "no payment may be recorded");
        assertEquals(500, standIn.balance(member));
    }

    @Test
    void anUnknownMemberCancelsTheOrderAndRestoresTheStock() {
        long a = api.newProduct("Date", 40, 10);
        long b = api.newProduct("Elderberry", 60, 10);
        long stranger = MEMBERS.incrementAndGet(); // never told to the stand-in

        Reply placed = api.place(stranger, List.of(new Line(b, 1), new Line(a, 4)));

        assertProblem(placed, 404, "MEMBER_NOT_FOUND");
        assertTrue(placed.body().hasNonNull("orderId"), "problem without orderId: " + placed);
        long id = placed.body().get("orderId").asLong();
        JsonNode order = api.order(id).body();
        assertEquals("CANCELLED", order.get("status").asText());
        assertEquals("MEMBER_NOT_FOUND", order.get("failureReason").asText());
        assertEquals(10, api.stock(a));
        assertEquals(10, api.stock(b));
        assertTrue(standIn.payment(paymentId(id)).isEmpty());
    }

    @Test
    void notEnoughStockTakesNothing() {
        long plenty = api.newProduct("Fig", 10, 50);
        long scarce = api.newProduct("Grape", 10, 2);
        long member = member(10_000);

        Reply placed = api.place(member, List.of(new Line(plenty, 5), new Line(scarce, 3)));

        assertProblem(placed, 409, "INSUFFICIENT_STOCK");
        assertEquals(50, api.stock(plenty));
        assertEquals(2, api.stock(scarce));
        assertTrue(api.ordersOf(member).isEmpty(), "no order may be recorded");
        assertTrue(standIn.paymentsOf(member).isEmpty());
        assertEquals(10_000, standIn.balance(member));
    }

    // ---- unknown outcomes -------------------------------------------------------------------

    @Test
    void aShortRunOfServerErrorsIsRetriedWithinTheRequest() {
        long a = api.newProduct("Honeydew", 70, 10);
        long member = member(1_000);
        standIn.behaveFor(Behaviour.FAIL_500, 1);

        Reply placed = api.place(member, List.of(new Line(a, 2)));

        assertEquals(201, placed.status(), placed::toString);
        long id = placed.body().get("id").asLong();
        assertEquals(List.of(500, 201), postStatuses(id));
        assertPaidOnce(id, member, 140, 1_000);
        assertEquals(8, api.stock(a));
    }

    @Test
    void serverErrorsGivePendingAndRecoveryVoidsThePaymentThatNeverLanded() {
        long a = api.newProduct("Kiwi", 90, 10);
        long member = member(1_000);
        standIn.behave(Behaviour.FAIL_500);

        Reply placed = api.place(member, List.of(new Line(a, 3)));

        long id = assertPending(placed);
        assertEquals(7, api.stock(a), "a PENDING order keeps its stock");
        standIn.behave(Behaviour.NORMAL);
        assertVoidedAndCancelled(id, member, 1_000);
        assertEquals(10, api.stock(a));
    }

    @Test
    void aLostAnswerOfALandedPaymentEndsCompletedAndIsNeverChargedTwice() {
        long a = api.newProduct("Lemon", 25, 10);
        long member = member(1_000);
        standIn.behave(Behaviour.DROP); // every POST /payments lands, every answer to it is lost

        Reply placed = api.place(member, List.of(new Line(a, 4)));

        assertTrue(placed.status() == 202 || placed.status() == 201, "202 or 201 expected: " + placed);
        long id = placed.body().get("id").asLong();
        JsonNode order = awaitOrder(id, o -> !o.get("status").asText().equals("PENDING"), "settled");
        if (placed.status() == 202) {
            assertSettledHere(id);
        }
        assertEquals("COMPLETED", order.get("status").asText(), () -> order + "; point-service saw " + callsFor(id));
        assertPaidOnce(id, member, 100, 1_000);
        assertEquals(6, api.stock(a));
        assertTrue(postStatuses(id).size() >= 1);
        assertTrue(postStatuses(id).stream().allMatch(s -> s == 500), "every answer to the payment was lost");
    }

    @Test
    void aLostAnswerFollowedByARetryCompletesWithinTheRequest() {
        long a = api.newProduct("Lime", 25, 10);
        long member = member(1_000);
        standIn.behaveFor(Behaviour.DROP, 1);

        Reply placed = api.place(member, List.of(new Line(a, 4)));

        assertEquals(201, placed.status(), placed::toString);
        long id = placed.body().get("id").asLong();
        assertEquals(List.of(500, 200), postStatuses(id), "the retry is answered as a repeat");
        assertPaidOnce(id, member, 100, 1_000);
        assertEquals(6, api.stock(a));
    }

    @Test
    void aHangingPointServiceGivesPendingAndRecoverySettlesIt() {
        long a = api.newProduct("Mango", 150, 10);
        long member = member(1_000);
        standIn.behave(Behaviour.HANG); // every request outlives the client's timeout, then fails

        Reply placed = api.place(member, List.of(new Line(a, 2)));

        long id = assertPending(placed);
        assertEquals(8, api.stock(a));
        standIn.behave(Behaviour.NORMAL);
        assertVoidedAndCancelled(id, member, 1_000);
        assertEquals(10, api.stock(a));
    }

    @Test
    void aPaymentThatLandsAfterTheTimeoutEndsCompleted() {
        long a = api.newProduct("Nectarine", 150, 10);
        long member = member(1_000);
        standIn.hangFor(2_500);
        standIn.behave(Behaviour.SLOW_PAY); // each payment is done, but only after the client gave up

        Reply placed = api.place(member, List.of(new Line(a, 2)));

        long id = assertPending(placed);
        standIn.behave(Behaviour.NORMAL);
        JsonNode order = awaitOrder(id, o -> !o.get("status").asText().equals("PENDING"), "settled");
        assertSettledHere(id);
        assertEquals("COMPLETED", order.get("status").asText(), () -> order + "; point-service saw " + callsFor(id));
        assertPaidOnce(id, member, 300, 1_000);
        assertEquals(8, api.stock(a));
    }

    @Test
    void refusedConnectionsGivePendingAndRecoverySettlesIt() {
        long a = api.newProduct("Orange", 80, 10);
        long member = member(1_000);
        standIn.behave(Behaviour.REFUSE);

        Reply placed = api.place(member, List.of(new Line(a, 5)));

        long id = assertPending(placed);
        assertEquals(5, api.stock(a));
        standIn.behave(Behaviour.NORMAL);
        assertVoidedAndCancelled(id, member, 1_000);
        assertEquals(10, api.stock(a));
    }

    @Test
    void aPaymentArrivingAfterItsVoidIsRefused() {
        long a = api.newProduct("Papaya", 120, 10);
        long member = member(1_000);
        standIn.behave(Behaviour.LATE); // payments are held back (500 now); status and refund answer normally

        Reply placed = api.place(member, List.of(new Line(a, 1)));

        long id = assertPending(placed);
        assertVoidedAndCancelled(id, member, 1_000);
        assertTrue(standIn.lateRequestsHeld(paymentId(id)) >= 1, "the payment request was held back");

        List<Answer> late = standIn.deliverLate(paymentId(id));

        assertFalse(late.isEmpty());
        for (Answer answer : late) {
            assertEquals(409, answer.status(), answer::toString);
            assertEquals("PAYMENT_CANCELLED", answer.code());
        }
        assertEquals(PaymentStatus.VOIDED, standIn.payment(paymentId(id)).orElseThrow().status());
        assertEquals(1_000, standIn.balance(member), "nothing may be charged");
        assertEquals("CANCELLED", api.order(id).body().get("status").asText());
        assertEquals(10, api.stock(a));
    }

    // ---- cancellation -----------------------------------------------------------------------

    @Test
    void cancellingACompletedOrderRefundsAndRestoresOnce() {
        long a = api.newProduct("Quince", 200, 10);
        long b = api.newProduct("Raspberry", 30, 10);
        long member = member(5_000);
        Reply placed = api.place(member, List.of(new Line(a, 2), new Line(b, 5)));
        assertEquals(201, placed.status(), placed::toString);
        long id = placed.body().get("id").asLong();
        assertEquals(5_000 - 550, standIn.balance(member));

        Reply cancelled = api.cancel(member, id);

        assertEquals(200, cancelled.status(), cancelled::toString);
        assertEquals("CANCELLED", cancelled.body().get("status").asText());
        assertEquals("CANCELLED_BY_MEMBER", cancelled.body().get("failureReason").asText());
        assertEquals(550, cancelled.body().get("totalAmount").asLong());
        assertEquals(10, api.stock(a));
        assertEquals(10, api.stock(b));
        assertEquals(PaymentStatus.REFUNDED, standIn.payment(paymentId(id)).orElseThrow().status());
        assertEquals(5_000, standIn.balance(member));

        Reply again = api.cancel(member, id);

        assertTrue(again.sameAnswerAs(cancelled), "a repeat answers the same: " + again + " vs " + cancelled);
        assertEquals(1, standIn.refundsDone(paymentId(id)));
        assertEquals(5_000, standIn.balance(member));
        assertEquals(10, api.stock(a));
        assertEquals(10, api.stock(b));
        assertEquals(cancelled.body(), api.order(id).body());
    }

    @Test
    void aPendingOrderCannotBeCancelled() {
        long a = api.newProduct("Strawberry", 10, 10);
        long member = member(1_000);
        standIn.behave(Behaviour.FAIL_500);
        long id = assertPending(api.place(member, List.of(new Line(a, 1))));

        Reply cancel = api.cancel(member, id);

        assertProblem(cancel, 409, "ORDER_PENDING");
        assertEquals("PENDING", api.order(id).body().get("status").asText());
        assertEquals(9, api.stock(a));
        standIn.behave(Behaviour.NORMAL);
        assertVoidedAndCancelled(id, member, 1_000);
        assertEquals(10, api.stock(a));
    }

    @Test
    void aCancellationWhilePointServiceIsDownCompletesByItself() {
        long a = api.newProduct("Tangerine", 100, 10);
        long member = member(1_000);
        Reply placed = api.place(member, List.of(new Line(a, 3)));
        assertEquals(201, placed.status(), placed::toString);
        long id = placed.body().get("id").asLong();
        standIn.behave(Behaviour.FAIL_500);

        Reply cancel = api.cancel(member, id);

        assertProblem(cancel, 503, "SERVICE_UNAVAILABLE");
        assertEquals(PaymentStatus.PAID, standIn.payment(paymentId(id)).orElseThrow().status());
        assertEquals(7, api.stock(a), "the stock comes back only with the refund");
        standIn.behave(Behaviour.NORMAL);
        JsonNode order = awaitOrder(id, o -> o.get("status").asText().equals("CANCELLED"), "CANCELLED");
        assertSettledHere(id);
        assertEquals("CANCELLED_BY_MEMBER", order.get("failureReason").asText());
        assertEquals(PaymentStatus.REFUNDED, standIn.payment(paymentId(id)).orElseThrow().status());
        assertEquals(1, standIn.refundsDone(paymentId(id)));
        assertEquals(1_000, standIn.balance(member));
        assertEquals(10, api.stock(a));
        Reply again = api.cancel(member, id);
        assertEquals(200, again.status(), again::toString);
        assertEquals(order, again.body());
    }

    // ---- bad input --------------------------------------------------------------------------

    @Test
    void badOrdersAreRefusedWithoutTouchingStock() {
        long p = api.newProduct("Ugli", 10, 100);
        long q = api.newProduct("Vanilla", 10, 100);
        long member = member(1_000_000);
        String item = "{\"productId\":" + p + ",\"quantity\":1}";
        String twentyOne = IntStream.range(0, 21)
                .mapToObj(i -> "{\"productId\":" + (i == 0 ? p : 9_000_000_000L + i) + ",\"quantity\":1}")
                .collect(Collectors.joining(",", "[", "]"));

        Map<String, String> invalid = new java.util.LinkedHashMap<>();
        invalid.put("no items", "{\"memberId\":" + member + ",\"items\":[]}");
        invalid.put("21 items", "{\"memberId\":" + member + ",\"items\":" + twentyOne + "}");
        invalid.put("a product twice", "{\"memberId\":" + member + ",\"items\":[" + item + ",{\"productId\":" + p + ",\"quantity\":2}]}");
        invalid.put("quantity 0", "{\"memberId\":" + member + ",\"items\":[{\"productId\":" + p + ",\"quantity\":0}]}");
        invalid.put("quantity 1001", "{\"memberId\":" + member + ",\"items\":[{\"productId\":" + q + ",\"quantity\":1001}]}");
        invalid.put("no memberId", "{\"items\":[" + item + "]}");
        invalid.put("no items field", "{\"memberId\":" + member + "}");
        invalid.put("memberId not a number", "{\"memberId\":\"abc\",\"items\":[" + item + "]}");
        invalid.put("quantity not a number", "{\"memberId\":" + member + ",\"items\":[{\"productId\":" + p + ",\"quantity\":\"x\"}]}");
        invalid.put("a null item", "{\"memberId\":" + member + ",\"items\":[null]}");
        invalid.put("malformed JSON", "{\"memberId\":" + member + ",\"items\":[");
        invalid.put("no body", "");

        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> c : invalid.entrySet()) {
            Reply reply = http.post(api.baseUrl() + "/orders", c.getValue(), null, Entitled.to("POST", "/orders", c.getValue()));
            if (reply.status() != 400 || !"INVALID_REQUEST".equals(reply.code()) || !reply.contentType().startsWith("application/problem+json")) {
                failures.add(c.getKey() + " -> " + reply);
            }
        }
        Reply unknown = api.place(member, List.of(new Line(p, 1), new Line(9_000_000_000L, 1)));
        if (unknown.status() != 404 || !"PRODUCT_NOT_FOUND".equals(unknown.code()) || !unknown.contentType().startsWith("application/problem+json")) {
            failures.add("unknown product -> " + unknown);
        }
        Reply noOrder = api.order(999_999_999_999L);
        if (noOrder.status() != 404 || !"ORDER_NOT_FOUND".equals(noOrder.code())) {
            failures.add("GET of an unknown order -> " + noOrder);
        }
        Reply noCancel = api.cancel(member, 999_999_999_999L);
        if (noCancel.status() != 404 || !"ORDER_NOT_FOUND".equals(noCancel.code())) {
            failures.add("cancel of an unknown order -> " + noCancel);
        }
        Reply badId = api.order(-1);
        if (badId.status() != 400 && badId.status() != 404) {
            failures.add("GET /orders/-1 -> " + badId);
        }
        assertTrue(failures.isEmpty(), "wrongly answered:\n" + String.join("\n", failures));

        assertEquals(100, api.stock(p));
        assertEquals(100, api.stock(q));
        assertTrue(api.ordersOf(member).isEmpty(), "no order may be recorded");
        assertTrue(standIn.paymentsOf(member).isEmpty());
    }

    @Test
    void anOrderOverTheLargestPaymentIsRefusedUpFrontAndTakesNothing() {
        long p = api.newProduct("Zeppelin", 10_000_000, 5);
        long member = member(0);

        Reply placed = api.place(member, List.of(new Line(p, 2)));

        assertProblem(placed, 400, "INVALID_AMOUNT");
        assertEquals(5, api.stock(p), "nothing taken");
        assertTrue(api.ordersOf(member).isEmpty(), "no order recorded");
        assertTrue(standIn.paymentsOf(member).isEmpty(), "point-service never asked");
    }

    @Test
    void refusalsOfPointServiceAreAnswersAndNeverOpenTheCircuit() {
        long a = api.newProduct("Refusal", 10, 1_000);
        long member = member(1_000_000);
        standIn.behave(Behaviour.REFUSE_400);
        for (int i = 0; i < 25; i++) { // more than the breaker's window of 20 calls
            Reply refused = api.place(member, List.of(new Line(a, 1)));
            assertProblem(refused, 400, "INVALID_AMOUNT");
        }
        assertEquals(1_000, api.stock(a), "every refused order gave its stock back");

        standIn.behave(Behaviour.NORMAL);
        Reply funded = api.place(member, List.of(new Line(a, 1)));
        assertEquals(201, funded.status(), () -> "a funded order after 25 refusals: " + funded);
    }

    @Test
    void aBusyPointServiceIsRetriedAndNeverOpensTheCircuit() {
        long a = api.newProduct("Busy", 10, 1_000);
        long member = member(1_000_000);
        standIn.behave(Behaviour.OVERLOADED_EVERY_OTHER);
        for (int i = 0; i < 25; i++) { // half of 50 attempts answered 503 OVERLOADED: the breaker's ratio, were they counted
            Reply placed = api.place(member, List.of(new Line(a, 1)));
            assertEquals(201, placed.status(), () -> "an order while point-service is busy every other call: " + placed);
        }
        assertEquals(975, api.stock(a));
    }

    @Test
    void aRestockPastTheStockLimitIsRefused() {
        long p = api.newProduct("Mountain", 1, 999_999_990);
        Reply over = api.restock(p, 11);
        assertProblem(over, 409, "STOCK_LIMIT_EXCEEDED");
        assertEquals(999_999_990, api.stock(p));
        Reply up = api.restock(p, 10);
        assertEquals(200, up.status(), up::toString);
        assertEquals(1_000_000_000, api.stock(p));
    }

    // ---- Idempotency-Key --------------------------------------------------------------------

    @Test
    void concurrentRepeatsOfOneKeyGetTheFirstAnswerOrInProgressNeverAnInterimAnswer() throws Exception {
        long a = api.newProduct("Repeats", 10, 100);
        long member = member(1_000);
        String key = "repeats-" + member;
        standIn.hangFor(1_000); // each payment takes a second (within the client's timeout): repeats arrive meanwhile
        standIn.behave(Behaviour.SLOW_PAY);

        int repeats = 10;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Reply>> answers = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < repeats; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.place(member, List.of(new Line(a, 1)), key);
                }));
            }
            go.countDown();
        }
        List<Reply> replies = new ArrayList<>();
        for (var f : answers) {
            replies.add(f.get());
        }
        Reply first = replies.stream().filter(r -> r.status() == 201).findFirst()
                .orElseThrow(() -> new AssertionError("no 201 among " + replies));
        for (Reply r : replies) {
            boolean inProgress = r.status() == 409 && "REQUEST_IN_PROGRESS".equals(r.code());
            assertTrue(inProgress || r.sameAnswerAs(first), "a repeat answered neither the first answer nor 409 REQUEST_IN_PROGRESS: "
                    + r + " (first: " + first + ")");
        }
        assertEquals(1, api.ordersOf(member).size(), "one order");
        assertEquals(99, api.stock(a), "stock taken once");
        assertTrue(api.place(member, List.of(new Line(a, 1)), key).sameAnswerAs(first), "a later repeat replays the first answer");
    }

    @Test
    void aRetryThroughAnotherAddressIsTheSameRequest() {
        long a = api.newProduct("Address", 10, 10);
        long member = member(1_000);
        String key = "address-" + member;
        String body = "{\"memberId\":" + member + ",\"items\":[{\"productId\":" + a + ",\"quantity\":1}]}";
        Reply first = http.post(base.toString().replace("localhost", "127.0.0.1") + "orders", body, key, Identity.member(member));
        Reply retried = http.post(base.toString().replace("127.0.0.1", "localhost") + "orders",
                "{ \"items\" : [ {\"quantity\":1, \"productId\":" + a + "} ], \"memberId\": " + member + " }", key, Identity.member(member));
        assertEquals(201, first.status(), first::toString);
        assertTrue(retried.sameAnswerAs(first), "retry: " + retried + " first: " + first);
        assertEquals(9, api.stock(a));
    }

    @Test
    void aRepeatedOrderWithTheSameKeyIsPlacedOnce() {
        long a = api.newProduct("Watermelon", 50, 10);
        long member = member(1_000);
        String key = "order-key-" + member;

        Reply first = api.place(member, List.of(new Line(a, 2)), key);
        Reply repeat = api.place(member, List.of(new Line(a, 2)), key);

        assertEquals(201, first.status(), first::toString);
        assertTrue(repeat.sameAnswerAs(first), "repeat: " + repeat + " first: " + first);
        assertEquals(1, api.ordersOf(member).size());
        assertEquals(8, api.stock(a));
        long id = first.body().get("id").asLong();
        assertEquals(1, postStatuses(id).size(), "one payment request only");
        assertPaidOnce(id, member, 100, 1_000);

        Reply otherBody = api.place(member, List.of(new Line(a, 3)), key);
        assertProblem(otherBody, 422, "IDEMPOTENCY_KEY_REUSED");
        assertEquals(1, api.ordersOf(member).size());
        assertEquals(8, api.stock(a));
    }

    @Test
    void aRepeatedRefusedOrderGetsTheSameRefusal() {
        long a = api.newProduct("Xigua", 500, 10);
        long member = member(100);
        String key = "refused-key-" + member;

        Reply first = api.place(member, List.of(new Line(a, 1)), key);
        Reply repeat = api.place(member, List.of(new Line(a, 1)), key);

        assertProblem(first, 409, "INSUFFICIENT_POINTS");
        assertTrue(repeat.sameAnswerAs(first), "repeat: " + repeat + " first: " + first);
        assertEquals(1, api.ordersOf(member).size());
        assertEquals(10, api.stock(a));
        assertEquals(100, standIn.balance(member));
    }

    @Test
    void aRepeatedPendingOrderGetsTheFirstAnswer() {
        long a = api.newProduct("Yuzu", 60, 10);
        long member = member(1_000);
        String key = "pending-key-" + member;
        standIn.behave(Behaviour.FAIL_500);

        Reply first = api.place(member, List.of(new Line(a, 1)), key);
        long id = assertPending(first);
        Reply whilePending = api.place(member, List.of(new Line(a, 1)), key);
        assertTrue(whilePending.sameAnswerAs(first), "repeat: " + whilePending + " first: " + first);

        standIn.behave(Behaviour.NORMAL);
        assertVoidedAndCancelled(id, member, 1_000);
        Reply afterwards = api.place(member, List.of(new Line(a, 1)), key);
        assertTrue(afterwards.sameAnswerAs(first), "repeat: " + afterwards + " first: " + first);
        assertEquals(1, api.ordersOf(member).size());
        assertEquals(10, api.stock(a));
    }

    // ---- helpers ----------------------------------------------------------------------------

    private long member(long balance) {
        long id = MEMBERS.incrementAndGet();
        standIn.addMember(id, balance);
        return id;
    }

    private static String paymentId(long orderId) {
        return "order-" + orderId;
    }

    /** productId -> "quantity x unitPrice". */
    private static Map<Long, String> itemsOf(JsonNode order) {
        Map<Long, String> items = new java.util.HashMap<>();
        order.get("items").forEach(i -> items.put(i.get("productId").asLong(), i.get("quantity").asInt() + "x" + i.get("unitPrice").asLong()));
        return items;
    }

    /** The statuses the stand-in answered to POST /payments for this order, in order. */
    private List<Integer> postStatuses(long orderId) {
        return standIn.callsFor(paymentId(orderId)).stream()
                .filter(c -> c.kind() == Kind.PAY && !c.late())
                .map(PointServiceStandIn.Call::status).toList();
    }

    private static void assertProblem(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/problem+json"), "content type: " + reply);
        assertEquals(code, reply.code(), reply::toString);
        assertEquals(status, reply.body().get("status").asInt(), reply::toString);
    }

    /** A 202 PENDING answer; returns the order id. */
    private long assertPending(Reply placed) {
        assertEquals(202, placed.status(), placed::toString);
        assertEquals("PENDING", placed.body().get("status").asText(), placed::toString);
        assertTrue(placed.body().get("failureReason").isNull());
        return placed.body().get("id").asLong();
    }

    /** The order was paid exactly once, and the member charged once. */
    private void assertPaidOnce(long orderId, long member, long amount, long balanceBefore) {
        List<PaymentView> payments = standIn.paymentsOf(member);
        assertEquals(List.of(new PaymentView(paymentId(orderId), member, amount, PaymentStatus.PAID)), payments);
        assertEquals(balanceBefore - amount, standIn.balance(member));
        assertEquals(0, standIn.refundsDone(paymentId(orderId)));
    }

    /** Recovery found no payment, voided it (a tombstone) and cancelled the order; nothing was charged. */
    private JsonNode assertVoidedAndCancelled(long orderId, long member, long balance) {
        JsonNode order = awaitOrder(orderId, o -> !o.get("status").asText().equals("PENDING"), "settled");
        assertSettledHere(orderId);
        assertEquals("CANCELLED", order.get("status").asText(), () -> order + "; point-service saw " + callsFor(orderId));
        assertEquals("SERVICE_UNAVAILABLE", order.get("failureReason").asText(), order::toString);
        assertEquals(new PaymentView(paymentId(orderId), null, null, PaymentStatus.VOIDED),
                standIn.payment(paymentId(orderId)).orElse(null));
        assertEquals(balance, standIn.balance(member));
        return order;
    }

    private List<PointServiceStandIn.Call> callsFor(long orderId) {
        return standIn.callsFor(paymentId(orderId));
    }

    /**
     * Recovery always asks point-service about the payment (GET, or a refund) before it settles an
     * order. If this stand-in never got such a question and answered it, the order was settled by
     * another order-service process that shares the order_test database but talks to another
     * point-service: interference from outside this test, not the saga's doing.
     */
    private void assertSettledHere(long orderId) {
        boolean asked = callsFor(orderId).stream()
                .anyMatch(c -> (c.kind() != Kind.PAY || c.late()) && c.status() > 0 && c.status() < 500);
        if (!asked) {
            fail("order " + orderId + " was settled without this stand-in being asked about its payment: another order-service "
                    + "process (its recovery worker) sharing the order_test database must have settled it. Point-service saw "
                    + callsFor(orderId) + "; order now " + api.order(orderId));
        }
    }

    /** Polls GET /orders/{id} until the order satisfies {@code done}, for at most {@link #SETTLE}. */
    private JsonNode awaitOrder(long orderId, Predicate<JsonNode> done, String what) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = api.order(orderId);
            if (last.status() == 200 && done.test(last.body())) {
                return last.body();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        return fail("order " + orderId + " did not become " + what + " within " + SETTLE + "; last answer " + last
                + "; point-service saw " + standIn.callsFor(paymentId(orderId)));
    }
}
