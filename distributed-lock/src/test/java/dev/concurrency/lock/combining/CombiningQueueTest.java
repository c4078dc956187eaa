package dev.concurrency.lock.combining;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The combining queue on its own: threads released together against one key, a runner that counts what it sees. */
class CombiningQueueTest {

    /** A runner that checks it is alone on the key, pays a fixed cost per batch, and answers each op with runIn (an IllegalArgumentException is its refusal). */
    static final class CountingRunner implements CombiningQueue.BatchRunner<AtomicLong> {
        final AtomicLong state = new AtomicLong();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void run(String key, java.util.function.Supplier<List<CombiningQueue.Operation<AtomicLong, ?>>> take) {
            List<CombiningQueue.Operation<AtomicLong, ?>> batch = take.get();
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            try {
                sizes.add(batch.size());
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // the hand-off, claim and commit a batch pays once
                for (CombiningQueue.Operation<AtomicLong, ?> op : batch) {
                    try {
                        op.succeed(op.runIn(state));
                    } catch (IllegalArgumentException refusal) {
                        op.fail(refusal);
                    }
                }
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    static <T> List<T> burst(int n, java.util.function.IntFunction<T> call) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.apply(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    @Test
    void aBurstOnOneKeyIsCombinedIntoFewBatchesAndEveryOperationGetsItsOwnAnswerOnce() throws Exception {
        CountingRunner runner = new CountingRunner();
        CombiningQueue<AtomicLong> queue = new CombiningQueue<>("test", CombiningQueue.Limits.DEFAULT, runner, new SimpleMeterRegistry());

        List<Long> answers = burst(1_000, i -> queue.submit("k", state -> state.addAndGet(1) * 0 + i));

        for (int i = 0; i < answers.size(); i++) {
            assertEquals((long) i, (long) answers.get(i), "operation " + i + " got another operation's answer");
        }
        assertEquals(1_000, runner.state.get(), "every operation ran exactly once");
        assertEquals(1_000, runner.sizes.stream().mapToInt(Integer::intValue).sum());
        assertEquals(0, runner.overlaps.get(), "two batches of one key ran at once");
        assertTrue(runner.sizes.size() < 200, "no combining: " + runner.sizes.size() + " batches for 1,000 operations");
        assertEquals(0, queue.waiting("k"));
    }

    @Test
    void withBatchesOfOneEveryOperationPaysItsOwnHandOff() throws Exception {
        CountingRunner runner = new CountingRunner();
        CombiningQueue<AtomicLong> queue = new CombiningQueue<>("test", new CombiningQueue.Limits(1, 10_000, Duration.ofSeconds(30)),
                runner, new SimpleMeterRegistry());

        burst(100, i -> queue.submit("k", state -> state.incrementAndGet()));

        assertEquals(100, runner.sizes.size());
        assertEquals(100, runner.state.get());
        assertEquals(0, runner.overlaps.get());
    }

    @Test
    void aRefusedOperationGetsItsOwnRefusalAndTheOthersTheirAnswers() throws Exception {
        CountingRunner runner = new CountingRunner();
        CombiningQueue<AtomicLong> queue = new CombiningQueue<>("test", CombiningQueue.Limits.DEFAULT, runner, new SimpleMeterRegistry());

        List<String> answers = burst(200, i -> {
            try {
                return "ok " + queue.submit("k", state -> {
                    if (i % 10 == 0) {
                        throw new IllegalArgumentException("refused " + i);
                    }
                    return state.incrementAndGet();
                });
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });

        for (int i = 0; i < answers.size(); i++) {
            assertEquals(i % 10 == 0, answers.get(i).equals("refused " + i), "operation " + i + " answered " + answers.get(i));
        }
        assertEquals(180, runner.state.get());
    }

    @Test
    void aBatchThatFailsFailsEveryOperationOfItAndTheKeyKeepsWorking() throws Exception {
        AtomicInteger batches = new AtomicInteger();
        CombiningQueue<AtomicLong> queue = new CombiningQueue<>("test", CombiningQueue.Limits.DEFAULT, (key, take) -> {
            var batch = take.get();
            if (batches.incrementAndGet() == 1) {
                throw new IllegalStateException("the database went away");
            }
            batch.forEach(op -> op.succeed(op.runIn(new AtomicLong())));
        }, new SimpleMeterRegistry());

        assertThrows(IllegalStateException.class, () -> queue.submit("k", state -> 1));
        assertEquals(1, (int) queue.submit("k", state -> 1));
    }

    @Test
    void anOperationUnservedPastItsWaitIsRefusedOverloadedAndNeverRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        CombiningQueue<AtomicLong> queue = new CombiningQueue<>("test", new CombiningQueue.Limits(256, 10_000, Duration.ofSeconds(30)),
                (key, take) -> {
                    awaitQuietly(release); // the lock is busy elsewhere
                    take.get().forEach(op -> op.succeed(op.runIn(new AtomicLong())));
                }, new SimpleMeterRegistry());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = pool.submit(() -> queue.submit("k", state -> ran.incrementAndGet()));
            while (queue.waiting("k") == 0) {
                Thread.onSpinWait(); // until the first holds the key
            }
            assertThrows(OverloadedException.class, () -> queue.submit("k", Duration.ofMillis(100), state -> ran.addAndGet(100)));
            release.countDown();
            assertEquals(1, first.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, ran.get(), "the withdrawn operation ran anyway");
        assertEquals(0, queue.waiting("k"));
    }

    @Test
    void anOperationArrivingWhenTooManyWaitIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CombiningQueue<AtomicLong> queue = new CombiningQueue<>("test", new CombiningQueue.Limits(256, 3, Duration.ofSeconds(30)),
                (key, take) -> {
                    awaitQuietly(release); // the lock is busy elsewhere
                    take.get().forEach(op -> op.succeed(op.runIn(new AtomicLong())));
                }, new SimpleMeterRegistry());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // the leader waits for the lock, so all three wait
                admitted.add(pool.submit(() -> queue.submit("k", state -> 1)));
                int expected = i + 1;
                while (queue.waiting("k") < expected) {
                    Thread.onSpinWait();
                }
            }
            assertThrows(OverloadedException.class, () -> queue.submit("k", state -> 1));
            assertFalse(admitted.get(0).isDone());
            release.countDown();
            for (Future<Integer> f : admitted) {
                assertEquals(1, f.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void theGaugesShowTheLongestQueueAndHowManyKeysHaveOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CombiningQueue<AtomicLong> queue = new CombiningQueue<>("test", CombiningQueue.Limits.DEFAULT,
                (key, take) -> {
                    awaitQuietly(release); // the lock is busy elsewhere: everything that arrives waits
                    take.get().forEach(op -> op.succeed(op.runIn(new AtomicLong())));
                }, registry);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> submitted = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String key = i < 3 ? "hot" : "cold";
                submitted.add(pool.submit(() -> queue.submit(key, state -> 1)));
            }
            while (queue.waiting("hot") < 3 || queue.waiting("cold") < 1) {
                Thread.onSpinWait();
            }
            assertEquals(3.0, registry.get("combining.waiting.max").tag("family", "test").gauge().value());
            assertEquals(2.0, registry.get("combining.keys.waiting").tag("family", "test").gauge().value());
            release.countDown();
            for (Future<Integer> f : submitted) {
                assertEquals(1, f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(0.0, registry.get("combining.waiting.max").tag("family", "test").gauge().value());
            assertEquals(0.0, registry.get("combining.keys.waiting").tag("family", "test").gauge().value());
        }
    }

    @Test
    void aBatchIsASpanInItsLeadersTraceLinkedToTheSpanOfEveryOperationItRan() throws Exception {
        List<SpanData> ended = Collections.synchronizedList(new ArrayList<>());
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                ended.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        CountDownLatch release = new CountDownLatch(1);
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(collect)).build()) {
            CombiningQueue<AtomicLong> queue = new CombiningQueue<>("test", CombiningQueue.Limits.DEFAULT,
                    (key, take) -> {
                        awaitQuietly(release); // the lock is busy elsewhere: the others queue behind the leader
                        take.get().forEach(op -> op.succeed(op.runIn(new AtomicLong())));
                    }, new SimpleMeterRegistry(), tracing.get("test"));
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> submitted = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    submitted.add(pool.submit(() -> queue.submit("hot", state -> 1)));
                }
                while (queue.waiting("hot") < 3) {
                    Thread.onSpinWait();
                }
                release.countDown();
                for (Future<Integer> f : submitted) {
                    assertEquals(1, f.get(10, TimeUnit.SECONDS));
                }
            }
        }
        List<SpanData> operations = ended.stream().filter(span -> span.getName().equals("combine test")).toList();
        List<SpanData> batches = ended.stream().filter(span -> span.getName().equals("batch test")).toList();
        assertEquals(3, operations.size(), "one span per operation: " + ended);
        assertEquals(1, batches.size(), "one batch: " + ended);
        SpanData batch = batches.get(0);
        assertEquals(3L, batch.getAttributes().get(AttributeKey.longKey("combining.batch.size")));
        Set<String> operationSpans = operations.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        assertEquals(operationSpans, batch.getLinks().stream().map(LinkData::getSpanContext)
                .map(context -> context.getSpanId()).collect(Collectors.toSet()), "the batch links to every operation it ran");
        assertTrue(operationSpans.contains(batch.getParentSpanId()), "the batch runs in its leader's trace, under its operation");
        assertEquals(1, operations.stream().filter(op -> op.getSpanId().equals(batch.getParentSpanId()))
                .filter(op -> op.getEvents().stream().anyMatch(event -> event.getName().equals("leads a batch"))).count());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
