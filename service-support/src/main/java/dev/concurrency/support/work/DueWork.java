package dev.concurrency.support.work;

import dev.concurrency.lock.LockException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The skeleton of a scheduled worker (saga recovery, the auction closer, the hold tasks): every round
 * finds what is due in a transaction of its own and handles it item by item, logging to the worker's
 * own logger in the worker's own words:
 * <ul>
 * <li>{@code skipped} (DEBUG, with the failure's message): the round could not be done, the database
 * may be away for a moment; the next round tries again;</li>
 * <li>{@code busy} (DEBUG, with the item's id and the failure's message): the item's lock is held
 * elsewhere or the locks are unavailable ({@link LockException}); a later round tries again;</li>
 * <li>{@code failed} (WARN, with the item's id and the failure): the item failed otherwise; the round
 * goes on with the next item.</li>
 * </ul>
 * The schedule stays the worker's own {@code @Scheduled} method, with
 * {@code concurrentExecution = SKIP} so that a round still running is not joined by the next.
 */
public final class DueWork {

    /** Runs the search for due work in a transaction of its own (a stand-in in unit tests). */
    interface NewTransaction {
        <T> List<T> call(Supplier<List<T>> find);
    }

    private static final NewTransaction QUARKUS = new NewTransaction() {
        @Override
        public <T> List<T> call(Supplier<List<T>> find) {
            return QuarkusTransaction.requiringNew().call(find::get);
        }
    };

    private final Logger log;
    private final String skipped;
    private final String busy;
    private final String failed;
    private final NewTransaction transaction;

    private DueWork(Logger log, String skipped, String busy, String failed, NewTransaction transaction) {
        this.log = log;
        this.skipped = skipped;
        this.busy = busy;
        this.failed = failed;
        this.transaction = transaction;
    }

    /** @param skipped the format of a skipped round, with one {@code %s}: the failure's message */
    public static DueWork loggingTo(Logger log, String skipped) {
        return new DueWork(log, skipped, null, null, QUARKUS);
    }

    /** @param format the format of a busy item, with the item's id, then the failure's message */
    public DueWork busy(String format) {
        return new DueWork(log, skipped, format, failed, transaction);
    }

    /** @param format the format of a failed item, with the item's id, then the failure */
    public DueWork failed(String format) {
        return new DueWork(log, skipped, busy, format, transaction);
    }

    DueWork in(NewTransaction standIn) {
        return new DueWork(log, skipped, busy, failed, standIn);
    }

    /**
     * One round: finds what is due and hands each item to {@code handle}, in order. If finding fails,
     * the round is skipped; what {@code handle} throws is not caught here (see {@link #one}).
     */
    public <T> void round(Supplier<List<T>> findDue, Consumer<? super T> handle) {
        List<T> due;
        try {
            due = find(findDue);
        } catch (RuntimeException e) {
            log.debugf(skipped, e.getMessage());
            return;
        }
        for (T item : due) {
            handle.accept(item);
        }
    }

    /** A round that fails as one: whatever it throws (finding or handling) ends it, logged as skipped. */
    public void roundAsOne(Runnable round) {
        try {
            round.run();
        } catch (RuntimeException e) {
            log.debugf(skipped, e.getMessage());
        }
    }

    /** What is due, found in a transaction of its own; a failure is thrown. */
    public <T> List<T> find(Supplier<List<T>> findDue) {
        return transaction.call(findDue);
    }

    /** One item on its own: a busy lock or any other failure is logged and goes no further. */
    public void one(Object id, Runnable work) {
        one(id, work, busyLock -> {
        }, failure -> {
        });
    }

    /**
     * One item on its own, as {@link #one(Object, Runnable)}, telling {@code onBusy} or
     * {@code onFailed} (before logging) what went wrong.
     */
    public void one(Object id, Runnable work, Consumer<? super LockException> onBusy,
            Consumer<? super RuntimeException> onFailed) {
        try {
            work.run();
        } catch (LockException e) {
            onBusy.accept(e);
            log.debugf(busy, id, e.getMessage());
        } catch (RuntimeException e) {
            onFailed.accept(e);
            log.warnf(failed, id, e.toString());
        }
    }

    /** One item whose lock may be busy (logged, goes no further); any other failure is thrown, ending the round. */
    public void oneUnlessBusy(Object id, Runnable work) {
        try {
            work.run();
        } catch (LockException e) {
            log.debugf(busy, id, e.getMessage());
        }
    }
}
