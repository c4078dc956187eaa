package dev.concurrency.support.control;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The transaction shapes the strategies share; what each one writes is the domain's business
 * (RowGuard for points and stock, BidControl for bids). The work always runs in a new transaction.
 */
@ApplicationScoped
public class GuardedTransactions {

    /** Optimistic attempts before a change is refused as busy (503); each attempt backs off a little longer. */
    static final int OPTIMISTIC_ATTEMPTS = 30;

    private final LockedTransaction lockedTransaction;

    GuardedTransactions(LockedTransaction lockedTransaction) {
        this.lockedTransaction = lockedTransaction;
    }

    /** One transaction, nothing around it: for no control, row locks taken inside, and conditional updates. */
    public <T> T plain(Supplier<T> work) {
        return QuarkusTransaction.requiringNew().call(work::get);
    }

    /**
     * Optimistic: the whole transaction is run again while a versioned write conflicts, after a
     * jittered pause that grows with the attempts (so the losers of one round do not collide again
     * at once). Nothing is lost: a conflicting attempt rolled back completely before the next starts.
     */
    public <T> T retryingOnConflict(String resource, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (RuntimeException e) {
                if (!isConflict(e)) {
                    throw e;
                }
                if (attempt == OPTIMISTIC_ATTEMPTS) {
                    throw new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
                            resource + " kept changing under " + attempt + " attempts; try again");
                }
                long ceilingMicros = Math.min(50_000, 500L << Math.min(attempt, 7));
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceilingMicros) * 1_000);
            }
        }
    }

    /** Redis locks (taken in sorted order, released after the commit) but no fencing: the rows are not claimed. */
    public <T> T underLocks(Collection<String> lockNames, Supplier<T> work) {
        return lockedTransaction.execute(lockNames, tokens -> { }, tokens -> work.get());
    }

    /** Redis locks plus fencing: the rows are claimed with the tokens before the work, whose writes check them. */
    public <T> T underFencedLocks(Collection<String> lockNames, Consumer<Map<String, FencingToken>> claim,
            Function<Map<String, FencingToken>, T> work) {
        return lockedTransaction.execute(lockNames, claim, work);
    }

    private static boolean isConflict(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof WriteConflict) {
                return true;
            }
        }
        return false;
    }
}
