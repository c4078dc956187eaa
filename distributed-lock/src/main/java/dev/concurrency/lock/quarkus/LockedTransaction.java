package dev.concurrency.lock.quarkus;

import dev.concurrency.lock.FencedLocks;
import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.LockLease;
import dev.concurrency.lock.StaleFencingTokenException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place where a lock and a database transaction meet, in this order:
 * <ol>
 *   <li>take the lock, outside any transaction (refused if one is running, because its commit
 *       would then come after the release);</li>
 *   <li>claim the guarded rows with the fencing token, in a transaction of its own that commits at
 *       once: from then on any older holder's write is refused, even before this holder writes;</li>
 *   <li>do the work in a new transaction whose writes require the rows to still carry this token;</li>
 *   <li>release the lock, after that transaction has committed or rolled back.</li>
 * </ol>
 * Traces: the wait for the lock is a span {@code lock wait} (ending when the lock is taken, with its
 * fencing token, or when the wait fails) and the claim a span {@code lock claim}, both children of
 * whatever span is current (a request, a combined batch, the saga's recovery).
 */
@ApplicationScoped
public class LockedTransaction {

    private final FencedLocks locks;
    private final TransactionManager transactions;
    private final Tracer tracer;

    LockedTransaction(FencedLocks locks, TransactionManager transactions, Instance<OpenTelemetry> telemetry) {
        this.locks = locks;
        this.transactions = transactions;
        this.tracer = (telemetry.isResolvable() ? telemetry.get() : OpenTelemetry.noop()).getTracer("dev.concurrency.lock");
    }

    /** The tracer of the lock's spans, for the combining queues that run batches through this class. */
    public Tracer tracer() {
        return tracer;
    }

    /**
     * @param lockName the lock that serializes the work (one per guarded aggregate, e.g. {@code member:42})
     * @param claim    stamps the token on the guarded rows; throws {@link dev.concurrency.lock.StaleFencingTokenException}
     *                 if a newer token is already there
     * @param work     the transactional work; its writes check the token
     */
    public <T> T execute(String lockName, Consumer<FencingToken> claim, Function<FencingToken, T> work) {
        requireNoTransaction(lockName);
        LockWait wait = new LockWait(List.of(lockName));
        try {
            return locks.withLock(lockName, token -> {
                wait.acquired(List.of(token));
                claimed(List.of(lockName), () -> claim.accept(token));
                return QuarkusTransaction.requiringNew().call(() -> work.apply(token));
            });
        } finally {
            wait.endIfWaiting();
        }
    }

    /** The same for work that spans several locks (e.g. every product of an order), taken in sorted order. */
    public <T> T execute(Collection<String> lockNames, Consumer<Map<String, FencingToken>> claim,
            Function<Map<String, FencingToken>, T> work) {
        requireNoTransaction(String.join(",", lockNames));
        LockWait wait = new LockWait(lockNames);
        try {
            return locks.withLocks(lockNames, tokens -> {
                wait.acquired(tokens.values());
                claimed(lockNames, () -> claim.accept(tokens));
                return QuarkusTransaction.requiringNew().call(() -> work.apply(tokens));
            });
        } finally {
            wait.endIfWaiting();
        }
    }

    /**
     * For work that calls other services between its transactions (a saga step): takes the lock
     * (waiting at most {@code wait}), claims in a transaction of its own, then runs {@code work},
     * which opens and commits its own transactions; releases after the work returns.
     */
    public <T> T hold(String lockName, Duration wait, Consumer<FencingToken> claim, Function<FencingToken, T> work) {
        requireNoTransaction(lockName);
        LockWait waiting = new LockWait(List.of(lockName));
        LockLease acquired;
        try {
            acquired = locks.acquire(lockName, wait);
            waiting.acquired(List.of(acquired.token()));
        } finally {
            waiting.endIfWaiting();
        }
        try (LockLease lease = acquired) {
            claimed(List.of(lockName), () -> claim.accept(lease.token()));
            T result = work.apply(lease.token());
            requireNoTransaction(lockName);
            return result;
        } catch (StaleFencingTokenException e) {
            locks.recordFencingRejection(lockName);
            throw e;
        }
    }

    /** The claim's own transaction, as a span. */
    private void claimed(Collection<String> lockNames, Runnable claim) {
        Span span = tracer.spanBuilder("lock claim").setAttribute("dlock.names", String.join(",", lockNames)).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(claim);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /** The span of a wait for locks: ended once they are held, or when the wait fails. */
    private final class LockWait {
        private final Span span;
        private boolean waiting = true;

        LockWait(Collection<String> lockNames) {
            span = tracer.spanBuilder("lock wait").setAttribute("dlock.names", String.join(",", lockNames)).startSpan();
        }

        void acquired(Collection<FencingToken> tokens) {
            span.setAttribute("dlock.tokens", tokens.stream().map(token -> Long.toString(token.value()))
                    .collect(Collectors.joining(",")));
            waiting = false;
            span.end();
        }

        void endIfWaiting() {
            if (waiting) {
                waiting = false;
                span.setStatus(StatusCode.ERROR, "the lock was not taken");
                span.end();
            }
        }
    }

    private void requireNoTransaction(String lockName) {
        try {
            if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
                throw new IllegalStateException("lock '" + lockName + "' must be taken outside a transaction, "
                        + "so that it is released only after the transaction has committed");
            }
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
    }
}
