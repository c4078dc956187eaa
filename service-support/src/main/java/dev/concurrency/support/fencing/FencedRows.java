package dev.concurrency.support.fencing;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.StaleFencingTokenException;
import dev.concurrency.support.control.WriteConflict;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The fencing protocol on rows with a {@code fenceToken} column, for any Panache repository:
 * <ul>
 *   <li>{@link #claim}: a lock holder stamps its token on the row (in a transaction of its own that
 *       commits at once); refused if a newer holder already did, so from then on no older holder can write;</li>
 *   <li>{@link #written}: a write made with {@code ... and fenceToken = :token} must have hit its row,
 *       or a newer holder has claimed it in the meantime. MariaDB with snapshot isolation (the default
 *       from 11.6) refuses such a write itself, as the row changed since this transaction read it: the
 *       same refusal.</li>
 * </ul>
 */
public final class FencedRows {

    private FencedRows() {
    }

    public static void claim(PanacheRepositoryBase<?, Long> rows, String resource, long id, FencingToken token,
            Supplier<? extends RuntimeException> notFound) {
        int claimed = rows.update("fenceToken = ?1 where id = ?2 and fenceToken < ?1", token.value(), id);
        if (claimed == 0) {
            throw rows.count("id", id) == 0 ? notFound.get() : new StaleFencingTokenException(resource, token);
        }
    }

    public static void written(IntSupplier write, String resource, FencingToken token) {
        int rows;
        try {
            rows = write.getAsInt();
        } catch (RuntimeException e) {
            if (WriteConflict.changedSinceRead(e)) {
                throw new StaleFencingTokenException(resource, token);
            }
            throw e;
        }
        if (rows == 0) {
            throw new StaleFencingTokenException(resource, token);
        }
    }
}
