package dev.concurrency.support.control;

import dev.concurrency.lock.FencingToken;

import java.util.List;

/**
 * One aggregate's rows as {@link RowGuard} reads and writes them: the only part of a concurrency
 * strategy that differs between aggregates (members' points, products' stock). Every method runs
 * inside the guard's transaction.
 *
 * @param <S> the guarded state of one row (e.g. a member's points), immutable
 * @param <E> what each change appends beside the row (a ledger entry), written with the row
 */
public interface GuardedRows<S, E> {

    /** The state of a row as read, with the version an optimistic write compares. */
    record Row<S>(S state, long version) {
    }

    /** The aggregate's name in lock names and metrics: {@code member}, {@code product}. */
    String family();

    /** The row as committed now; throws the aggregate's 404 refusal if there is none. */
    Row<S> read(long id);

    /** {@code SELECT ... FOR UPDATE} of the rows in id order (the pessimistic strategy), before anything is read. */
    void lockForUpdate(List<Long> ids);

    /** Stamps the fencing token on the row (fenced strategy), in the claim transaction; 404 if missing. */
    void claim(long id, FencingToken token);

    /** Writes the state whatever happened since the read (no control, row locks, the unfenced lock). */
    void write(long id, S state);

    /** Writes the state only while the row still carries the token; throws StaleFencingTokenException if not. */
    void writeFenced(long id, S state, FencingToken token);

    /** Writes the state only if the row still has the version read, raising it; false if it changed. */
    boolean writeIfUnchanged(long id, S state, long version);

    /**
     * The conditional update: adds the difference between {@code before} and {@code after} to the row
     * in one statement that matches only while the result obeys the aggregate's rules; false if not.
     */
    boolean addIfAllowed(long id, S before, S after);

    /** Appends the records the changes left (in one statement where it can), in the same transaction. */
    void append(List<E> records);
}
