package dev.concurrency.lock.quarkus;

import dev.concurrency.lock.FencedLocks;
import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.LockLease;
import dev.concurrency.lock.StaleFencingTokenException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

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
 */
@ApplicationScoped
public class LockedTransaction {

    private final FencedLocks locks;
    private final TransactionManager transactions;

    LockedTransaction(FencedLocks locks, TransactionManager transactions) {
        this.locks = locks;
        this.transactions = transactions;
    }

    /**
     * @param lockName the lock that serializes the work (one per guarded aggregate, e.g. {@code member:42})
     * @param claim    stamps the token on the guarded rows; throws {@link dev.concurrency.lock.StaleFencingTokenException}
     *                 if a newer token is already there
     * @param work     the transactional work; its writes check the token
     */
    public <T> T execute(String lockName, Consumer<FencingToken> claim, Function<FencingToken, T> work) {
        requireNoTransaction(lockName);
        return locks.withLock(lockName, token -> {
            QuarkusTransaction.requiringNew().run(() -> claim.accept(token));
            return QuarkusTransaction.requiringNew().call(() -> work.apply(token));
        });
    }

    /** The same for work that spans several locks (e.g. every product of an order), taken in sorted order. */
    public <T> T execute(Collection<String> lockNames, Consumer<Map<String, FencingToken>> claim,
            Function<Map<String, FencingToken>, T> work) {
        requireNoTransaction(String.join(",", lockNames));
        return locks.withLocks(lockNames, tokens -> {
            QuarkusTransaction.requiringNew().run(() -> claim.accept(tokens));
            return QuarkusTransaction.requiringNew().call(() -> work.apply(tokens));
        });
    }

    /**
     * For work that calls other services between its transactions (a saga step): takes the lock
     * (waiting at most {@code wait}), claims in a transaction of its own, then runs {@code work},
     * which opens and commits its own transactions; releases after the work returns.
     */
    public <T> T hold(String lockName, Duration wait, Consumer<FencingToken> claim, Function<FencingToken, T> work) {
        requireNoTransaction(lockName);
        try (LockLease lease = locks.acquire(lockName, wait)) {
            QuarkusTransaction.requiringNew().run(() -> claim.accept(lease.token()));
            T result = work.apply(lease.token());
            requireNoTransaction(lockName);
            return result;
        } catch (StaleFencingTokenException e) {
            locks.recordFencingRejection(lockName);
            throw e;
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
