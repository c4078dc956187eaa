package dev.concurrency.order.service;

import dev.concurrency.order.repository.OrderRepository;
import dev.concurrency.order.repository.OrderRepository.DueSaga;
import dev.concurrency.support.tracing.StoredTrace;
import dev.concurrency.support.work.DueWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Resumes sagas whose outcome was left unknown (a request that answered 202, a replica that died
 * mid-saga, a cancellation whose refund did not get through). It runs in every replica every
 * second; each order is resumed by one replica at a time, the one that gets its lock. Each attempt is
 * a span {@code saga recovery} in the trace of the request that placed the order.
 */
@ApplicationScoped
public class SagaRecoveryWorker {

    private static final DueWork WORK = DueWork.loggingTo(Logger.getLogger(SagaRecoveryWorker.class), "recovery skipped: %s")
            .busy("order %d is being handled elsewhere or locks are unavailable: %s")
            .failed("resuming order %d failed: %s");

    private final OrderRepository orders;
    private final OrderSaga saga;
    private final Counter attempts;
    private final Tracer tracer;

    SagaRecoveryWorker(OrderRepository orders, OrderSaga saga, MeterRegistry registry, Tracer tracer) {
        this.orders = orders;
        this.saga = saga;
        this.tracer = tracer;
        this.attempts = Counter.builder("orders.saga.recovery.attempts")
                .description("Attempts of the recovery worker to resume an unfinished saga").register(registry);
    }

    @Scheduled(every = "${orders.recovery-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resumeDueSagas() {
        WORK.round(() -> orders.dueSagas(Instant.now(), 20), this::resume);
    }

    private void resume(DueSaga due) {
        long orderId = due.orderId();
        Span span = tracer.spanBuilder("saga recovery").setParent(StoredTrace.parent(due.traceParent()))
                .setAttribute("order.id", orderId).startSpan();
        try {
            WORK.one(orderId, () -> {
                try (Scope ignored = span.makeCurrent()) {
                    attempts.increment();
                    saga.resume(orderId);
                }
            }, busy -> span.setAttribute("saga.skipped", busy.getClass().getSimpleName()),
                    failure -> span.setStatus(StatusCode.ERROR, failure.toString()));
        } finally {
            span.end();
        }
    }
}
