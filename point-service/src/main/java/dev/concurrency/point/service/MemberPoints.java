package dev.concurrency.point.service;

import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.Points;
import dev.concurrency.point.repository.LedgerRepository;
import dev.concurrency.point.service.MemberPointsControl.PointsWriter;
import dev.concurrency.support.idempotency.Idempotency;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The one way a member's points change: {@link #locked} runs the work under the configured
 * {@link MemberPointsControl} (by default the member's Redis lock, fenced at the database);
 * {@link #apply} (called inside that work) applies the rule, writes the points and appends the ledger
 * entry in the same transaction.
 */
@ApplicationScoped
public class MemberPoints {

    private final LedgerRepository ledger;
    private final MemberPointsControl control;
    private final Idempotency idempotency;
    private final CriticalSectionPause pause;

    MemberPoints(LedgerRepository ledger, MemberPointsControl control, Idempotency idempotency, CriticalSectionPause pause) {
        this.ledger = ledger;
        this.control = control;
        this.idempotency = idempotency;
        this.pause = pause;
    }

    /** Runs {@code work} in one transaction in which the member's points may change through the writer. */
    public <T> T locked(long memberId, Function<PointsWriter, T> work) {
        return lockedMany(List.of(memberId), work);
    }

    /**
     * The same for work that changes several members at once (a capture: holder and payee): they are
     * guarded in canonical order, so opposite transfers between two members cannot deadlock.
     */
    public <T> T lockedMany(Collection<Long> memberIds, Function<PointsWriter, T> work) {
        List<Long> ids = memberIds.stream().distinct().sorted().toList();
        return control.guarded(ids, writer -> idempotency.once(() -> work.apply(writer)));
    }

    /** Applies one change inside {@link #locked} work: the points plus their ledger entry. */
    public Points apply(long memberId, PointChange change, PointsWriter writer) {
        Points after = writer.apply(memberId, change, () -> pause.here("the critical section of member " + memberId));
        ledger.persist(LedgerEntry.of(memberId, change, after, writer.token(memberId)));
        return after;
    }
}
