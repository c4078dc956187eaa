package dev.concurrency.point.service;

import dev.concurrency.point.PointChange;
import dev.concurrency.point.Settlement;
import dev.concurrency.point.config.PointConfig;
import dev.concurrency.point.repository.SettlementRepository;
import dev.concurrency.support.idempotency.Made;
import dev.concurrency.support.idempotency.PendingKey;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.util.List;
import java.util.function.Function;

/**
 * The settle-once protocol that payments and holds share: points moved for another service under an
 * id it chose, made at most once and undone at most once, serialized per member.
 * <ul>
 *   <li>{@link #make}: under the member's lock, an id seen before answers as that row says (a repeat, or
 *       a refusal if it was undone or made with another member or amount); otherwise the points move
 *       and the row is inserted, unless a row with the id was inserted first (a void that slipped in),
 *       in which case the move is undone with the work and the row that won answers.</li>
 *   <li>{@link #undo}: an id never seen is voided first (a tombstone that refuses the make if it comes
 *       late); an active row gives its points back under the member's lock, once.</li>
 * </ul>
 * Whichever row is inserted first for an id decides; the id is the primary key of both the row and
 * its tombstone, so a make and an undo racing each other cannot both win.
 *
 * @param <E> the row: a payment or a hold
 * @param <V> what the callers are answered
 */
final class SettleOnce<E extends Settlement, V> {

    /**
     * What differs between payments and holds.
     *
     * @param newRow       the new row, active, for an id, member and amount
     * @param making       the change of the member's points that makes it (a payment, a hold), for an amount and id
     * @param undoing      the change that gives the points back (a refund, a release)
     * @param view         the answer for a row
     * @param undoneBefore what an undo answers for a row no longer active (undone, voided, or settled otherwise)
     */
    record Rules<E, V>(NewRow<E> newRow, Change making, Change undoing, Function<E, V> view, Function<E, V> undoneBefore) {
    }

    interface NewRow<E> {
        E of(String id, long memberId, long amount);
    }

    interface Change {
        PointChange of(long amount, String id);
    }

    private final SettlementRepository<E> rows;
    private final MemberPoints memberPoints;
    private final PointConfig config;
    private final Rules<E, V> rules;
    private final String noun;
    private final ProblemCode notFound;
    private final ProblemCode cancelled;

    /** For rows called {@code noun} in messages, answered {@code notFound} when unknown and {@code cancelled} when made after an undo. */
    SettleOnce(SettlementRepository<E> rows, MemberPoints memberPoints, PointConfig config, Rules<E, V> rules,
            String noun, ProblemCode notFound, ProblemCode cancelled) {
        this.rows = rows;
        this.memberPoints = memberPoints;
        this.config = config;
        this.rules = rules;
        this.noun = noun;
        this.notFound = notFound;
        this.cancelled = cancelled;
    }

    /** Makes it once; a repeat (same member and amount) answers the first result, not made {@link Made#now() now}. */
    Made<V> make(PendingKey key, String id, long memberId, long amount) {
        try {
            return memberPoints.lockedMany(key, List.of(memberId), config.serviceCallMaxWait(), writer -> {
                E existing = rows.byId(id);
                if (existing != null) {
                    return repeat(existing, memberId, amount);
                }
                memberPoints.apply(memberId, rules.making().of(amount, id), writer);
                E made = rules.newRow().of(id, memberId, amount);
                if (!rows.insertIfAbsent(made)) {
                    throw new DecidedElsewhere(); // a void (or another member's row) slipped in first: this change is undone
                }
                return new Made<>(rules.view().apply(made), true);
            });
        } catch (DecidedElsewhere e) {
            return repeat(QuarkusTransaction.requiringNew().call(() -> rows.byId(id)), memberId, amount);
        }
    }

    V get(String id) {
        return QuarkusTransaction.requiringNew().call(() -> rules.view().apply(require(id)));
    }

    /** Gives the points back once; an id that never arrived is voided, and stays so. */
    V undo(PendingKey key, String id) {
        E current = QuarkusTransaction.requiringNew().call(() -> {
            rows.voidIfAbsent(id);
            return rows.byId(id);
        });
        if (!current.isActive()) {
            return rules.undoneBefore().apply(current);
        }
        long memberId = current.memberId;
        return memberPoints.lockedMany(key, List.of(memberId), config.serviceCallMaxWait(), writer -> {
            E row = rows.byId(id);
            if (!row.isActive()) {
                return rules.undoneBefore().apply(row);
            }
            memberPoints.apply(memberId, rules.undoing().of(row.amount, id), writer);
            row.undone();
            return rules.view().apply(row);
        });
    }

    /** The row, or 404 with this settlement's own NOT_FOUND code. */
    E require(String id) {
        E row = rows.byId(id);
        if (row == null) {
            throw new ApiException(notFound, noun + " " + id + " does not exist");
        }
        return row;
    }

    private String describe(E row) {
        return noun + " " + row.id();
    }

    private Made<V> repeat(E existing, long memberId, long amount) {
        if (existing.isCancelled()) {
            throw new ApiException(cancelled, describe(existing) + " was " + existing.statusName().toLowerCase() + " before");
        }
        if (existing.memberId != memberId || existing.amount != amount) {
            throw new ApiException(CommonProblem.IDEMPOTENCY_KEY_REUSED, describe(existing) + " exists with another member or amount");
        }
        return new Made<>(rules.view().apply(existing), false);
    }
}
