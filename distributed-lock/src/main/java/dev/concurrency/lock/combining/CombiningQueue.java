package dev.concurrency.lock.combining;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Flat combining per key (Hendler et al., SPAA 2010): the operations waiting in this process for the
 * same key (one lock, or one set of locks) are run together, a batch at a time, by one of the waiters.
 *
 * <ul>
 *   <li>The first operation to arrive at an idle key leads: the {@link BatchRunner} takes the lock
 *       once and then every operation waiting at that moment (the leader's own first, at most
 *       {@code maxBatch}), claims once and commits once; then the lead passes to the oldest operation
 *       still waiting. What arrives while the lock is awaited joins the batch; what arrives while the
 *       batch runs forms the next one. Under light load a batch is a single operation.</li>
 *   <li>Fairness: within a process, strictly first come first served (batches are taken in arrival
 *       order and run in arrival order). Across processes, the lock is released after every batch,
 *       so a batch of at most {@code maxBatch} operations is the longest another replica's waiters
 *       wait per hand-off; a replica that loses a hand-off gathers a larger batch for the next one.</li>
 *   <li>Bounds: an operation still waiting after {@code maxWait} is withdrawn and refused with an
 *       {@link OverloadedException} (it never runs; services answer 503 OVERLOADED), and so is one
 *       arriving when {@code maxWaiting} already wait for its key. Both are counted.</li>
 *   <li>A waiting operation parks its own thread (a virtual thread, for the REST endpoints) and
 *       holds nothing else: no worker thread, no connection, no lock.</li>
 *   <li>Traces: each operation is a span {@code combine <family>} in its own request's trace, from
 *       its arrival to its answer; a batch is a span {@code batch <family>} in its leader's trace,
 *       with the batch's size and a link to the span of every operation it ran.</li>
 * </ul>
 *
 * @param <C> what the runner hands each operation while it runs (the batch's in-memory view of the rows)
 */
public final class CombiningQueue<C> {

    /**
     * Runs one batch and answers every operation of it, each with its own outcome. It calls
     * {@code take} once, as late as it can (once it holds the lock): everything that arrived while the
     * lock was being waited for then joins the batch.
     */
    @FunctionalInterface
    public interface BatchRunner<C> {
        void run(String key, Supplier<List<Operation<C, ?>>> take);
    }

    public record Limits(int maxBatch, int maxWaiting, Duration maxWait) {
        public static final Limits DEFAULT = new Limits(256, 10_000, Duration.ofSeconds(30));
    }

    private final Map<String, Lane<C>> lanes = new ConcurrentHashMap<>();
    private final BatchRunner<C> runner;
    private final Limits limits;
    private final DistributionSummary batchSizes;
    private final Counter overloaded;
    private final String family;
    private final Tracer tracer;

    public CombiningQueue(String family, Limits limits, BatchRunner<C> runner, MeterRegistry registry) {
        this(family, limits, runner, registry, OpenTelemetry.noop().getTracer(CombiningQueue.class.getName()));
    }

    public CombiningQueue(String family, Limits limits, BatchRunner<C> runner, MeterRegistry registry, Tracer tracer) {
        this.runner = runner;
        this.limits = limits;
        this.family = family;
        this.tracer = tracer;
        this.batchSizes = DistributionSummary.builder("combining.batch.size")
                .description("Operations run under one lock hand-off, claim and commit").tag("family", family)
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue((double) limits.maxBatch())
                .register(registry);
        this.overloaded = Counter.builder("combining.overloaded")
                .description("Operations refused as OVERLOADED (waited too long, or too many waiting for one key)")
                .tag("family", family).register(registry);
        Gauge.builder("combining.waiting.max", this, CombiningQueue::longestQueue)
                .description("Operations waiting for the most contended key of this process (not counting the batch running)")
                .tag("family", family).register(registry);
        Gauge.builder("combining.keys.waiting", this, CombiningQueue::keysWithWaiters)
                .description("Keys of this process with at least one operation waiting behind a running batch")
                .tag("family", family).register(registry);
    }

    /** Runs {@code work} in a batch of the operations waiting for {@code key}; waits at most the configured time. */
    public <T> T submit(String key, Function<C, T> work) {
        return submit(key, limits.maxWait(), work);
    }

    /**
     * Runs {@code work} in a batch of the operations waiting for {@code key} and returns its own outcome
     * (or throws its own refusal), once the batch has committed.
     *
     * @param maxWait how long it may wait before a batch takes it; after that it is refused as OVERLOADED
     */
    public <T> T submit(String key, Duration maxWait, Function<C, T> work) {
        Span span = tracer.spanBuilder("combine " + family).setAttribute("combining.key", key).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return submit(key, maxWait, work, span);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private <T> T submit(String key, Duration maxWait, Function<C, T> work, Span span) {
        Operation<C, T> op = new Operation<>(work, System.nanoTime() + Math.min(maxWait.toNanos(), limits.maxWait().toNanos()),
                span.getSpanContext());
        boolean[] full = new boolean[1];
        lanes.compute(key, (k, lane) -> {
            Lane<C> current = lane == null ? new Lane<>() : lane;
            if (current.waiting.size() >= limits.maxWaiting()) {
                full[0] = true;
                return current;
            }
            current.waiting.add(op);
            current.queued = current.waiting.size();
            if (!current.busy) {
                current.busy = true;
                op.turn.complete(Boolean.TRUE);
            }
            return current;
        });
        if (full[0]) {
            throw overloaded(key, limits.maxWaiting() + " requests already wait for " + key + " in this process");
        }
        while (true) {
            boolean lead = awaitTurn(key, op);
            if (!lead) {
                return op.outcome();
            }
            op.turn = new CompletableFuture<>(); // it is the head of the batch it now leads, which answers it
            span.addEvent("leads a batch");
            runOneBatch(key);
        }
    }

    /** How many operations wait for {@code key} now (tests and metrics). */
    public int waiting(String key) {
        Lane<C> lane = lanes.get(key);
        return lane == null ? 0 : lane.size();
    }

    private double longestQueue() {
        return lanes.values().stream().mapToInt(lane -> lane.queued).max().orElse(0);
    }

    private double keysWithWaiters() {
        return lanes.values().stream().filter(lane -> lane.queued > 0).count();
    }

    private boolean awaitTurn(String key, Operation<C, ?> op) {
        try {
            long left = op.deadline - System.nanoTime();
            try {
                return op.turn.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (withdraw(key, op)) {
                    throw overloaded(key, "not served within " + limits.maxWait().toSeconds() + " s");
                }
                // Already taken into a batch (or handed the lead): that batch answers it.
                return op.turn.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + key, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private boolean withdraw(String key, Operation<C, ?> op) {
        boolean[] withdrawn = new boolean[1];
        lanes.computeIfPresent(key, (k, lane) -> {
            if (!op.turn.isDone() && lane.waiting.remove(op)) {
                withdrawn[0] = true;
                lane.queued = lane.waiting.size();
            }
            return lane;
        });
        return withdrawn[0];
    }

    private void runOneBatch(String key) {
        Span span = tracer.spanBuilder("batch " + family).setAttribute("combining.key", key).startSpan();
        List<Operation<C, ?>> batch = new ArrayList<>();
        Supplier<List<Operation<C, ?>>> take = () -> {
            if (batch.isEmpty()) {
                lanes.computeIfPresent(key, (k, lane) -> {
                    while (batch.size() < limits.maxBatch() && !lane.waiting.isEmpty()) {
                        batch.add(lane.waiting.poll());
                    }
                    lane.running = batch.size();
                    lane.queued = lane.waiting.size();
                    return lane;
                });
                batchSizes.record(batch.size());
                span.setAttribute("combining.batch.size", batch.size());
                batch.forEach(op -> span.addLink(op.origin));
            }
            return batch;
        };
        try (Scope ignored = span.makeCurrent()) {
            runner.run(key, take);
        } catch (RuntimeException | Error e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            take.get().forEach(op -> op.failIfOpen(e instanceof RuntimeException r ? r : new IllegalStateException(e)));
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            take.get().forEach(op -> op.failIfOpen(new IllegalStateException("the batch did not answer this operation")));
            span.end();
            handOff(key);
        }
    }

    /** Gives the lead to the oldest waiting operation, or lets the key go idle. */
    private void handOff(String key) {
        lanes.computeIfPresent(key, (k, lane) -> {
            lane.running = 0;
            Operation<C, ?> next = lane.waiting.peek();
            if (next == null) {
                return null;
            }
            next.turn.complete(Boolean.TRUE);
            return lane;
        });
    }

    private OverloadedException overloaded(String key, String why) {
        overloaded.increment();
        return new OverloadedException(key, why);
    }

    private static final class Lane<C> {
        final ArrayDeque<Operation<C, ?>> waiting = new ArrayDeque<>();
        boolean busy; // some operation leads this key now; guarded by the map's compute on the key
        int running;
        /** The length of {@code waiting}, readable outside the map's compute (by the gauges). */
        volatile int queued;

        int size() {
            return waiting.size() + running;
        }
    }

    /**
     * One operation waiting in a batch. The runner calls {@link #runIn} while the batch runs and
     * {@link #succeed} or {@link #fail} once its outcome is final (after the commit).
     */
    public static final class Operation<C, T> {
        private final Function<C, T> work;
        final long deadline;
        /** The span of the request this operation belongs to (the batch links to it). */
        final SpanContext origin;
        /** Completed with TRUE when this operation must lead a batch, FALSE when it has been answered. */
        volatile CompletableFuture<Boolean> turn = new CompletableFuture<>();
        private volatile Object result;
        private volatile RuntimeException failure;

        Operation(Function<C, T> work, long deadline, SpanContext origin) {
            this.work = work;
            this.deadline = deadline;
            this.origin = origin;
        }

        /** Whether it waited so long before its batch started that it must not run any more. */
        public boolean expired() {
            return System.nanoTime() - deadline > 0;
        }

        public T runIn(C context) {
            return work.apply(context);
        }

        public void succeed(Object value) {
            result = value;
            turn.complete(Boolean.FALSE);
        }

        public void fail(RuntimeException e) {
            failure = e;
            turn.complete(Boolean.FALSE);
        }

        void failIfOpen(RuntimeException e) {
            if (!turn.isDone()) {
                fail(e);
            }
        }

        @SuppressWarnings("unchecked")
        T outcome() {
            if (failure != null) {
                throw failure;
            }
            return (T) result;
        }
    }
}
