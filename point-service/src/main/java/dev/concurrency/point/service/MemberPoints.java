package dev.concurrency.point.service;

import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.Points;
import dev.concurrency.point.config.PointConfig;
import dev.concurrency.point.repository.MemberRepository;
import dev.concurrency.support.control.CombiningConfig;
import dev.concurrency.support.control.GuardedTransactions;
import dev.concurrency.support.control.RowGuard;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.idempotency.PendingKey;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The one way a member's points change: {@link #locked} runs the work under the {@link RowGuard} with
 * the configured strategy ({@code points.concurrency-control}; by default the member's Redis lock,
 * fenced at the database, with the changes waiting for one member combined into batches);
 * {@link #apply} (called inside that work) applies the rule, puts the points and appends the ledger
 * entry, all committed together.
 */
@ApplicationScoped
public class MemberPoints {

    /** A member's points as one request's work sees them. */
    public record PointsWriter(RowGuard.Rows<Points, LedgerEntry> rows) {
    }

    private final RowGuard<Points, LedgerEntry> guard;
    private final Idempotency idempotency;
    private final CriticalSectionPause pause;
    private final CombiningConfig combining;

    MemberPoints(MemberRepository members, PointConfig config, CombiningConfig combining, GuardedTransactions transactions,
            LockedTransaction locked, MeterRegistry registry, Idempotency idempotency, CriticalSectionPause pause) {
        this.guard = new RowGuard<>(config.concurrencyControl(), members, transactions, locked, combining.limits(), registry);
        this.idempotency = idempotency;
        this.pause = pause;
        this.combining = combining;
    }

    /**
     * Runs {@code work} in one transaction (or batch) in which the member's points may change through
     * the writer, at most once for the request's Idempotency-Key {@code key} (null: none).
     */
    public <T> T locked(PendingKey key, long memberId, Function<PointsWriter, T> work) {
        return lockedMany(key, List.of(memberId), combining.maxWait(), work);
    }

    /**
     * The same for work that changes several members at once (a capture: holder and payee), waiting at
     * most {@code maxWait} for its turn: the other services' calls wait less than their client's
     * deadline, so a call the client has given up on (and will repeat) is never still queued. The
     * members are guarded in canonical order, so opposite transfers between two members cannot deadlock.
     */
    public <T> T lockedMany(PendingKey key, Collection<Long> memberIds, Duration maxWait, Function<PointsWriter, T> work) {
        List<Long> ids = memberIds.stream().distinct().sorted().toList();
        // Taken here, on the request's own thread: the work may run in a batch led by another request.
        Function<PointsWriter, T> section = pause.around(ids, work);
        return guard.run(ids, maxWait, rows -> idempotency.once(key, () -> section.apply(new PointsWriter(rows))));
    }

    /** Applies one change inside {@link #locked} work: the points plus their ledger entry. */
    public Points apply(long memberId, PointChange change, PointsWriter writer) {
        Points after = change.applyTo(writer.rows().get(memberId));
        Points stored = writer.rows().put(memberId, after);
        writer.rows().append(LedgerEntry.of(memberId, change, stored, writer.rows().token(memberId)));
        return stored;
    }

    /** How many changes of exactly these members wait in this process now (tests). */
    public int waiting(List<Long> memberIds) {
        return guard.waiting(memberIds);
    }
}
