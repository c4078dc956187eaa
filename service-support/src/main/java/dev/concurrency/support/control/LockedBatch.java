package dev.concurrency.support.control;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.combining.CombiningQueue;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.lock.combining.CombiningQueue.Operation;
import dev.concurrency.support.idempotency.IdempotentReplay;
import dev.concurrency.support.problem.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How the lock strategies run a batch of {@link CombiningQueue}: the fixed cost is paid once per batch.
 * <ol>
 *   <li>one lock hand-off for the batch's key set ({@link LockedTransaction}: taken outside any
 *       transaction, released after the commit);</li>
 *   <li>one claim of the rows with the fencing tokens (fenced strategy only);</li>
 *   <li>one transaction: the rows are read once into a {@link View}; each operation applies in
 *       arrival order against it, with its own rule checks and its own outcome: a refusal
 *       ({@link ApiException}, or the replay of an Idempotency-Key) undoes what that operation did to
 *       the view and nothing else; then the view writes each changed row once (fenced by the token),
 *       with the ledger rows and idempotency records of the operations, in the same commit;</li>
 *   <li>after the commit every operation gets its own answer. If anything else fails (the database,
 *       a fencing refusal, the commit), the transaction rolls back and every operation of the batch
 *       fails with it: never partly applied.</li>
 * </ol>
 * An operation must make its refusal before it writes anything outside the view (orders, payments,
 * idempotency records), so that undoing the view undoes all of it.
 */
public final class LockedBatch {

    /** The batch's in-memory state of its rows. */
    public interface View {
        /** Remembers the state before an operation runs. */
        void mark();

        /** Forgets everything the running operation did (it was refused). */
        void undoToMark();

        /** Writes every changed row once, and whatever the operations left to write; inside the transaction. */
        void write();
    }

    private LockedBatch() {
    }

    /** The queue key of a set of row ids (sorted by the caller): the same set always gives the same key. */
    public static String key(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    /** The row ids of a queue key made by {@link #key}. */
    public static List<Long> ids(String key) {
        return java.util.Arrays.stream(key.split(",")).map(Long::valueOf).toList();
    }

    /**
     * @param claim stamps the tokens on the rows (a no-op for the unfenced lock)
     * @param open  reads the rows into a view, inside the batch's transaction, given the lock tokens
     */
    public static <V extends View> void run(LockedTransaction locked, List<String> lockNames,
            Consumer<Map<String, FencingToken>> claim, Function<Map<String, FencingToken>, V> open,
            Supplier<List<Operation<V, ?>>> take) {
        List<List<Operation<V, ?>>> taken = new ArrayList<>(1);
        locked.execute(lockNames, tokens -> {
            taken.add(take.get()); // once the lock is ours: all that queued meanwhile joins
            claim.accept(tokens);
        }, tokens -> {
            List<Operation<V, ?>> batch = taken.get(0);
            Object[] results = new Object[batch.size()];
            RuntimeException[] refusals = new RuntimeException[batch.size()];
            V view = open.apply(tokens);
            for (int i = 0; i < batch.size(); i++) {
                view.mark();
                try {
                    results[i] = batch.get(i).runIn(view);
                    refusals[i] = null;
                } catch (ApiException | IdempotentReplay refusal) {
                    view.undoToMark();
                    refusals[i] = refusal;
                }
            }
            view.write();
            return (Runnable) () -> {
                for (int i = 0; i < batch.size(); i++) {
                    if (refusals[i] != null) {
                        batch.get(i).fail(refusals[i]);
                    } else {
                        batch.get(i).succeed(results[i]);
                    }
                }
            };
        }).run(); // the answers, once the transaction has committed
    }
}
