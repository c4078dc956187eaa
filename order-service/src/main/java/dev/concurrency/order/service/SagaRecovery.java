package dev.concurrency.order.service;

import dev.concurrency.lock.LockException;
import dev.concurrency.order.repository.OrderRepository;
import dev.concurrency.order.repository.OrderRepository.DueSaga;
import dev.concurrency.support.tracing.StoredTrace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Resumes sagas whose outcome was left unknown (a request that answered 202, a replica that died
 * mid-saga, a cancellation whose refund did not get through). It runs in every replica every
 * second; each order is resumed by one replica at a time, the one that gets its lock. Each attempt is
 * a span {@code saga recovery} in the trace of the request that placed the order.
 */
@ApplicationScoped
public class SagaRecovery {

    private static final Logger LOG = Logger.getLogger(SagaRecovery.class);

    private final OrderRepository orders;
    private final OrderSaga saga;
    private final Counter attempts;
    private final Tracer tracer;

    SagaRecovery(OrderRepository orders, OrderSaga saga, MeterRegistry registry, Tracer tracer) {
        this.orders = orders;
        this.saga = saga;
        this.tracer = tracer;
        this.attempts = Counter.builder("orders.saga.recovery.attempts")
                .description("Attempts of the recovery worker to resume an unfinished saga").register(registry);
    }

    @Scheduled(every = "${orders.recovery-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resumeDueSagas() {
        List<DueSaga> due;
        try {
            due = QuarkusTransaction.requiringNew().call(() -> orders.dueSagas(Instant.now(), 20));
        } catch (RuntimeException e) {
            LOG.debugf("recovery skipped: %s", e.getMessage());
            return;
        }
        for (DueSaga next : due) {
            resume(next);
        }
    }

    private void resume(DueSaga due) {
        long orderId = due.orderId();
        Span span = tracer.spanBuilder("saga recovery").setParent(StoredTrace.parent(due.traceParent()))
                .setAttribute("order.id", orderId).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            attempts.increment();
            saga.resume(orderId);
        } catch (LockException e) {
            span.setAttribute("saga.skipped", e.getClass().getSimpleName());
            LOG.debugf("order %d is being handled elsewhere or locks are unavailable: %s", orderId, e.getMessage());
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.toString());
            LOG.warnf("resuming order %d failed: %s", orderId, e.toString());
        } finally {
            span.end();
        }
    }
}
