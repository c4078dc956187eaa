package dev.concurrency.support.control;

import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.work.Backoff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The transaction shapes of the database strategies; what each one writes is the domain's business
 * (RowGuard for points and stock, the bid strategies). The work always runs in a new transaction.
 */
@ApplicationScoped
public class GuardedTransactions {

    /** Optimistic attempts before a change is refused as busy (503); each attempt backs off a little longer. */
    static final int OPTIMISTIC_ATTEMPTS = 30;
    /** The ceiling of the pause between optimistic attempts: 1 ms, 2 ms … 50 ms. */
    private static final Backoff CONFLICT_PAUSE =
            Backoff.exponential(Duration.of(500, ChronoUnit.MICROS), Duration.ofMillis(50));

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
                LockSupport.parkNanos(CONFLICT_PAUSE.jitteredAfter(attempt, ThreadLocalRandom.current()).toNanos());
            }
        }
    }

    private static boolean isConflict(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof WriteConflict) {
                return true;
            }
            if (WriteConflict.changedSinceRead(cause)) {
                return true; // the same conflict, seen by MariaDB's snapshot isolation before our version check
            }
        }
        return false;
    }
}
