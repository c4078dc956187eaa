package dev.concurrency.support.control;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.combining.CombiningQueue;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.support.control.GuardedRows.Row;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one concurrency guard: keeps concurrent changes of an aggregate's rows apart with the configured
 * {@link ConcurrencyControl}. Each strategy is written once, here; an aggregate only says how its rows
 * are read and written ({@link GuardedRows}). A change sees the rows through {@link Rows}: it reads a
 * row's state, checks its rules, and puts the new state; the guard writes each changed row once, the
 * way the strategy says:
 * <ul>
 *   <li>{@code NONE}: read, write back whatever happened meanwhile (the negative control: lost updates);</li>
 *   <li>{@code PESSIMISTIC_LOCK}: the rows locked with {@code SELECT ... FOR UPDATE} in id order first;</li>
 *   <li>{@code OPTIMISTIC_RETRY}: the write only if the row's version is the one read, else the whole
 *       transaction again;</li>
 *   <li>{@code CONDITIONAL_UPDATE}: each put is one {@code UPDATE ... SET x = x + d WHERE <rules hold>};
 *       a miss runs the transaction again, whose rule check then refuses or succeeds;</li>
 *   <li>{@code REDIS_LOCK}, {@code FENCED_LOCK}: the changes waiting in this process for the same rows
 *       are combined ({@link CombiningQueue}) and run as one batch under one lock hand-off, one claim
 *       (fenced only) and one transaction ({@link LockedBatch}), each with its own outcome.</li>
 * </ul>
 *
 * @param <S> a row's state
 * @param <E> what a change appends beside the row (ledger entries)
 */
public final class RowGuard<S, E> {

    /** What a change sees of the guarded rows while it runs. */
    public interface Rows<S, E> {

        /** The row's state as this change finds it (after the changes before it in a batch). */
        S get(long id);

        /** Puts the row's new state; returns the state as stored (the conditional update reads it back). */
        S put(long id, S after);

        /** The fencing token the row is written under; 0 for the strategies without one. */
        long token(long id);

        /** Appends a record (a ledger entry) written in the same commit as the rows. */
        void append(E record);
    }

    private enum Write { PLAIN, FENCED, IF_UNCHANGED, CONDITIONAL }

    private final ConcurrencyControl control;
    private final GuardedRows<S, E> rows;
    private final GuardedTransactions transactions;
    private final LockedTransaction locked;
    private final CombiningQueue<View> queue;

    public RowGuard(ConcurrencyControl control, GuardedRows<S, E> rows, GuardedTransactions transactions, LockedTransaction locked,
            CombiningQueue.Limits limits, MeterRegistry registry) {
        this.control = control;
        this.rows = rows;
        this.transactions = transactions;
        this.locked = locked;
        this.queue = control == ConcurrencyControl.REDIS_LOCK || control == ConcurrencyControl.FENCED_LOCK
                ? new CombiningQueue<>(rows.family(), limits, this::runBatch, registry, locked.tracer()) : null;
    }

    /**
     * Runs {@code work} as one transaction (or, for the lock strategies, as part of one batch) in which
     * the rows change only through the {@link Rows} it is handed.
     *
     * @param ids     the rows, distinct and sorted, so locks are always taken in the same order
     * @param maxWait how long the work may queue for its turn (lock strategies); OVERLOADED after that
     */
    public <T> T run(List<Long> ids, Duration maxWait, Function<Rows<S, E>, T> work) {
        String what = rows.family() + " " + ids;
        return switch (control) {
            case NONE -> transactions.plain(() -> alone(Write.PLAIN, work));
            case PESSIMISTIC_LOCK -> transactions.plain(() -> {
                rows.lockForUpdate(ids);
                return alone(Write.PLAIN, work);
            });
            case OPTIMISTIC_RETRY -> transactions.retryingOnConflict(what, () -> alone(Write.IF_UNCHANGED, work));
            case CONDITIONAL_UPDATE -> transactions.retryingOnConflict(what, () -> alone(Write.CONDITIONAL, work));
            case REDIS_LOCK, FENCED_LOCK -> queue.submit(LockedBatch.key(ids), maxWait, work::apply);
        };
    }

    /** How many changes of exactly these rows wait in this process now (0 where nothing queues). */
    public int waiting(List<Long> ids) {
        return queue == null ? 0 : queue.waiting(LockedBatch.key(ids));
    }

    public String lockName(long id) {
        return rows.family() + ":" + id;
    }

    private <T> T alone(Write how, Function<Rows<S, E>, T> work) {
        View view = new View(how, Map.of());
        T result = work.apply(view);
        view.write();
        return result;
    }

    private void runBatch(String key, Supplier<List<CombiningQueue.Operation<View, ?>>> take) {
        List<Long> ids = LockedBatch.ids(key);
        boolean fenced = control == ConcurrencyControl.FENCED_LOCK;
        LockedBatch.run(locked, ids.stream().map(this::lockName).toList(),
                tokens -> {
                    if (fenced) {
                        ids.forEach(id -> rows.claim(id, tokens.get(lockName(id))));
                    }
                },
                tokens -> new View(fenced ? Write.FENCED : Write.PLAIN, tokens), take);
    }

    /** The rows of one transaction or batch: read once, changed in memory, written once at the end. */
    private final class View implements Rows<S, E>, LockedBatch.View {
        private final Write how;
        private final Map<String, FencingToken> tokens;
        private final Map<Long, Row<S>> read = new HashMap<>();
        private Map<Long, S> current = new HashMap<>();
        private Set<Long> changed = new LinkedHashSet<>();
        private final List<E> records = new ArrayList<>();
        private Map<Long, S> currentAtMark = Map.of();
        private Set<Long> changedAtMark = Set.of();
        private int recordsAtMark;

        View(Write how, Map<String, FencingToken> tokens) {
            this.how = how;
            this.tokens = tokens;
        }

        @Override
        public S get(long id) {
            S state = current.get(id);
            if (state == null) {
                Row<S> row = rows.read(id); // the aggregate's 404 for a row that does not exist
                read.put(id, row);
                current.put(id, row.state());
                state = row.state();
            }
            return state;
        }

        @Override
        public S put(long id, S after) {
            if (how == Write.CONDITIONAL) {
                if (!rows.addIfAllowed(id, get(id), after)) {
                    throw new WriteConflict(rows.family() + " " + id); // changed meanwhile: run it all again
                }
                S stored = rows.read(id).state(); // our own update on top of whatever committed meanwhile
                current.put(id, stored);
                return stored;
            }
            current.put(id, after);
            changed.add(id);
            return after;
        }

        @Override
        public long token(long id) {
            FencingToken token = tokens.get(lockName(id));
            return how == Write.FENCED && token != null ? token.value() : 0;
        }

        @Override
        public void append(E record) {
            records.add(record);
        }

        @Override
        public void mark() {
            currentAtMark = new HashMap<>(current);
            changedAtMark = new LinkedHashSet<>(changed);
            recordsAtMark = records.size();
        }

        @Override
        public void undoToMark() {
            current = new HashMap<>(currentAtMark);
            changed = new LinkedHashSet<>(changedAtMark);
            records.subList(recordsAtMark, records.size()).clear();
        }

        @Override
        public void write() {
            for (long id : changed) {
                S state = current.get(id);
                switch (how) {
                    case PLAIN -> rows.write(id, state);
                    case FENCED -> rows.writeFenced(id, state, tokens.get(lockName(id)));
                    case IF_UNCHANGED -> {
                        if (!rows.writeIfUnchanged(id, state, read.get(id).version())) {
                            throw new WriteConflict(rows.family() + " " + id);
                        }
                    }
                    case CONDITIONAL -> throw new IllegalStateException("conditional updates are written at put");
                }
            }
            if (!records.isEmpty()) {
                rows.append(records);
            }
        }
    }
}
