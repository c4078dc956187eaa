package dev.concurrency.point.service;

import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.Points;
import dev.concurrency.point.service.MemberPointsControl.PointsWriter;
import dev.concurrency.support.control.CombiningConfig;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.idempotency.PendingKey;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
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

    private final MemberPointsControl control;
    private final Idempotency idempotency;
    private final CriticalSectionPause pause;

    private final CombiningConfig config;

    MemberPoints(MemberPointsControl control, Idempotency idempotency, CriticalSectionPause pause, CombiningConfig config) {
        this.config = config;
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
        return lockedMany(memberIds, config.maxWait(), work);
    }

    /**
     * The same, waiting at most {@code maxWait} for its turn: the other services' calls wait less than
     * their client's deadline, so a call the client has given up on (and will repeat) is never still queued.
     */
    public <T> T lockedMany(Collection<Long> memberIds, Duration maxWait, Function<PointsWriter, T> work) {
        List<Long> ids = memberIds.stream().distinct().sorted().toList();
        // Taken here, on the request's own thread: the work may run in a batch led by another request.
        PendingKey key = Idempotency.current();
        Runnable beforeWrite = pause.forThisRequest("the critical section of member "
                + ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
        return control.guarded(ids, maxWait, writer -> idempotency.once(key, () -> work.apply(new OneRequest(writer, beforeWrite))));
    }

    /** Applies one change inside {@link #locked} work: the points plus their ledger entry. */
    public Points apply(long memberId, PointChange change, PointsWriter writer) {
        Points after = writer.apply(memberId, change, NOTHING);
        writer.log(LedgerEntry.of(memberId, change, after, writer.token(memberId)));
        return after;
    }

    private static final Runnable NOTHING = () -> { };

    /** The writer as one request sees it: with that request's own fault-injection pause before each write. */
    private record OneRequest(PointsWriter writer, Runnable beforeWrite) implements PointsWriter {
        @Override
        public Points apply(long memberId, PointChange change, Runnable ignored) {
            return writer.apply(memberId, change, beforeWrite);
        }

        @Override
        public long token(long memberId) {
            return writer.token(memberId);
        }

        @Override
        public void log(LedgerEntry entry) {
            writer.log(entry);
        }
    }
}
