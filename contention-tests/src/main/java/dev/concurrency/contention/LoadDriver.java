package dev.concurrency.contention;

import dev.concurrency.client.Reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Many concurrent clients (virtual threads) released together by one gate, sending request i to
 * replica i mod n (round robin), recording every answer with its latency. A request that got no
 * answer (connection refused or reset) is recorded too, as an unknown outcome.
 */
public final class LoadDriver<C> {

    /** What to send as request {@code index} to {@code replica}. */
    @FunctionalInterface
    public interface Request<C> {
        Reply send(int index, C replica);
    }

    /** One request, when it was sent (System.nanoTime), and what came of it. */
    public record Call(int index, int replica, long sentAt, Reply reply) {
    }

    /** The calls of a run, in request order, and how long the run took. */
    public record Run(List<Call> calls, long nanos) {
    }

    private final List<C> replicas;
    private int clients = 32;
    private int requests = 100;
    private Duration duration;
    private Duration pace = Duration.ZERO;
    private BooleanSupplier stop = () -> false;
    private int triggerAt = -1;
    private Runnable trigger;

    private LoadDriver(List<C> replicas) {
        this.replicas = replicas;
    }

    /** A load over these replicas' clients (PointClient, OrderClient, …). */
    public static <C> LoadDriver<C> over(List<C> replicas) {
        return new LoadDriver<>(replicas);
    }

    public LoadDriver<C> clients(int n) {
        this.clients = n;
        return this;
    }

    public LoadDriver<C> requests(int n) {
        this.requests = n;
        return this;
    }

    /** Instead of a fixed number of requests: keep sending for this long, each client at most once per {@code pace}. */
    public LoadDriver<C> forDuration(Duration duration, Duration pace) {
        this.duration = duration;
        this.pace = pace;
        this.requests = Integer.MAX_VALUE;
        return this;
    }

    /** Instead of a fixed number of requests: keep sending until {@code stop} says so (a fault scenario's end). */
    public LoadDriver<C> until(BooleanSupplier stop) {
        this.stop = stop;
        this.requests = Integer.MAX_VALUE;
        return this;
    }

    /** Runs {@code action} (e.g. kill a replica) once {@code completed} requests have been answered. */
    public LoadDriver<C> when(int completed, Runnable action) {
        this.triggerAt = completed;
        this.trigger = action;
        return this;
    }

    public Run run(Request<C> request) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch triggered = new CountDownLatch(trigger == null ? 0 : 1);
        long[] started = new long[1];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    long deadline = duration == null ? Long.MAX_VALUE : started[0] + duration.toNanos();
                    for (int i = next.getAndIncrement(); i < requests && System.nanoTime() < deadline && !stop.getAsBoolean(); i = next.getAndIncrement()) {
                        long begin = System.nanoTime();
                        int replica = i % replicas.size();
                        calls.add(new Call(i, replica, begin, request.send(i, replicas.get(replica))));
                        if (done.incrementAndGet() == triggerAt) {
                            pool.submit(() -> {
                                trigger.run();
                                triggered.countDown();
                            });
                        }
                        long rest = pace.toNanos() - (System.nanoTime() - begin);
                        if (rest > 0) {
                            Thread.sleep(Duration.ofNanos(rest)); // pacing of the load, not a correctness wait
                        }
                    }
                    return null;
                }));
            }
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load clients did not start");
            }
            started[0] = System.nanoTime();
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(); // a client's failure fails the run
            }
            long nanos = System.nanoTime() - started[0];
            if (!triggered.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the mid-run action did not finish");
            }
            List<Call> ordered = new ArrayList<>(calls);
            ordered.sort(Comparator.comparingInt(Call::index));
            if (trigger != null && done.get() < triggerAt) {
                throw new IllegalStateException("the run ended before the mid-run action was due");
            }
            return new Run(ordered, nanos);
        }
    }
}
