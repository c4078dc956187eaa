package dev.concurrency.contention;

import dev.concurrency.client.Http;
import dev.concurrency.client.OrderClient;
import dev.concurrency.client.PointClient;
import dev.concurrency.client.Reply;
import dev.concurrency.client.auth.Identity;
import dev.concurrency.contention.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One order is one trace across order-service and point-service, the recovery worker's later attempt
 * included: the replicas export their spans to a collector of the test's own ({@link OtlpReceiver}),
 * and each order is placed with a {@code traceparent} of the test's choosing, so its trace id is known.
 */
class TracesAcrossServicesTest {

    static final SuiteConfig CONFIG = SuiteConfig.load();
    /** How long spans may take to reach the collector (a batch every 100 ms; a busy machine). */
    static final Duration SPANS_ARRIVE_WITHIN = Duration.ofSeconds(60);
    /** How long an order left PENDING may take to be settled by a recovery worker once point-service answers. */
    static final Duration SETTLED_WITHIN = Duration.ofSeconds(90);

    static OtlpReceiver collector;
    static ServiceCluster pointCluster;
    static ServiceCluster orderCluster;

    @BeforeAll
    static void start() {
        Assumptions.assumeFalse(CONFIG.external(), "the trace check starts its own replicas, which export to the test");
        collector = new OtlpReceiver();
        Map<String, String> exportToTheTest = Map.of(
                "tracing.otlp-endpoint", collector.endpoint(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "100ms");
        pointCluster = ServiceCluster.points(CONFIG, "traces", exportToTheTest);
        Map<String, String> orderSettings = new HashMap<>(exportToTheTest);
        // A frozen point-service leaves the payment unknown after about 5 s instead of 20 (202 PENDING).
        orderSettings.put("quarkus.fault-tolerance.\"dev.concurrency.order.client.PointServiceClient\".timeout.value", "2");
        orderSettings.put("quarkus.fault-tolerance.\"dev.concurrency.order.client.PointServiceClient\".retry.max-duration", "5");
        orderCluster = ServiceCluster.orders(CONFIG, "traces", pointCluster, orderSettings);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {orderCluster, pointCluster, collector}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void anOrdersSpansInBothServicesShareOneTraceWithItsLockWaitClaimAndBatch() {
        Shop shop = Shop.open("traced");
        String traceId = newTraceId();
        Reply placed = shop.order(traceId);
        assertEquals(201, placed.status(), "the order: " + placed);

        List<ReceivedSpan> spans = awaitSpans(traceId, "order-service's lock wait, claim and batch and point-service's payment",
                trace -> has(trace, "order-service", "POST /orders") && has(trace, "order-service", "combine product")
                        && has(trace, "order-service", "batch product") && has(trace, "order-service", "lock wait")
                        && has(trace, "order-service", "lock claim") && has(trace, "point-service", "POST /payments")
                        && has(trace, "point-service", "combine member"));
        assertTrue(spans.stream().filter(span -> span.service().equals("point-service") && span.name().equals("POST /payments"))
                        .allMatch(payment -> parentOf(spans, payment).service().equals("order-service")),
                "point-service's payment is a child of order-service's call: " + describe(spans));
    }

    @Test
    void theRecoveryWorkersResumedAttemptContinuesTheOrdersTrace() {
        Shop shop = Shop.open("traced-recovery");
        String traceId = newTraceId();
        Reply placed;
        pointCluster.replicas().forEach(ServiceReplica::freeze);
        try {
            placed = shop.order(traceId);
        } finally {
            pointCluster.replicas().forEach(ServiceReplica::thaw);
        }
        assertEquals(202, placed.status(), "with point-service frozen the payment's outcome is unknown: " + placed);
        long orderId = placed.body().path("id").asLong();

        String status = awaitSettled(shop.orders(), orderId);
        assertTrue(Set.of("COMPLETED", "CANCELLED").contains(status), "order " + orderId + " settled as " + status);

        List<ReceivedSpan> spans = awaitSpans(traceId, "a recovery attempt that reached point-service",
                trace -> trace.stream().anyMatch(span -> span.service().equals("point-service")
                        && hasAncestor(trace, span, "saga recovery")));
        assertTrue(has(spans, "order-service", "POST /orders"), "the request that placed it: " + describe(spans));
        assertTrue(logOf(orderCluster).contains("traceId=" + traceId),
                "order-service's log lines of this order carry its trace id (the 'payment outcome unknown' line)");
    }

    /** A member with points and a product in stock, to order as that member with a trace of the test's choosing. */
    private record Shop(Http http, OrderClient orders, long member, long product) {

        static Shop open(String name) {
            Http http = new Http();
            PointClient points = pointCluster.pointClients(http).get(0);
            OrderClient orders = orderCluster.orderClients(http).get(0);
            long member = points.newMember(name);
            assertEquals(200, points.charge(member, 1_000).status());
            return new Shop(http, orders, member, orders.newProduct(name, 100, 10));
        }

        /** One unit of the product, sent with a sampled traceparent of this trace id. */
        Reply order(String traceId) {
            String json = "{\"memberId\":" + member + ",\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(orders.baseUrl() + "/orders"))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            return http.send(http.authorized(request, Identity.member(member)));
        }
    }

    private static String awaitSettled(OrderClient orders, long orderId) {
        long deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
        String status = "?";
        while (System.nanoTime() < deadline) {
            Reply order = orders.order(orderId);
            status = order.body() == null ? "?" : order.body().path("status").asText();
            if (order.status() == 200 && !status.equals("PENDING")) {
                return status;
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        return fail("order " + orderId + " still " + status + " after " + SETTLED_WITHIN.toSeconds() + " s");
    }

    private static List<ReceivedSpan> awaitSpans(String traceId, String what, Predicate<List<ReceivedSpan>> complete) {
        long deadline = System.nanoTime() + SPANS_ARRIVE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            List<ReceivedSpan> spans = collector.spansOf(traceId);
            if (complete.test(spans)) {
                return spans;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return fail("trace " + traceId + " lacks " + what + " after " + SPANS_ARRIVE_WITHIN.toSeconds() + " s; it has: "
                + describe(collector.spansOf(traceId)));
    }

    private static boolean has(List<ReceivedSpan> spans, String service, String name) {
        return spans.stream().anyMatch(span -> span.service().equals(service) && span.name().equals(name));
    }

    private static ReceivedSpan parentOf(List<ReceivedSpan> spans, ReceivedSpan child) {
        return spans.stream().filter(span -> span.spanId().equals(child.parentSpanId())).findFirst()
                .orElseGet(() -> fail("no parent of " + child + " in " + describe(spans)));
    }

    private static boolean hasAncestor(List<ReceivedSpan> spans, ReceivedSpan span, String name) {
        ReceivedSpan current = span;
        for (int depth = 0; depth < 50; depth++) {
            String parentId = current.parentSpanId();
            ReceivedSpan parent = spans.stream().filter(candidate -> candidate.spanId().equals(parentId)).findFirst().orElse(null);
            if (parent == null) {
                return false;
            }
            if (parent.name().equals(name)) {
                return true;
            }
            current = parent;
        }
        return false;
    }

    private static String describe(List<ReceivedSpan> spans) {
        return spans.stream().map(span -> span.service() + ":" + span.name() + "(" + span.spanId() + "<-" + span.parentSpanId() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String logOf(ServiceCluster cluster) {
        StringBuilder all = new StringBuilder();
        for (ServiceReplica replica : cluster.replicas()) {
            try {
                all.append(Files.readString(replica.log()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }

    private static String newTraceId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
