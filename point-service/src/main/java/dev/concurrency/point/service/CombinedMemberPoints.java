package dev.concurrency.point.service;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.Points;
import dev.concurrency.point.repository.LedgerRepository;
import dev.concurrency.point.repository.MemberRepository;
import dev.concurrency.support.control.CombiningQueue;
import dev.concurrency.support.control.LockedBatch;
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
 * The lock strategies for points (FENCED_LOCK, and REDIS_LOCK without the fencing): the changes that
 * wait in this process for the same member (or the same set of members: a capture's holder and
 * payee) are combined into one batch, run under one lock hand-off, one claim and one transaction
 * ({@link LockedBatch}). Each change applies in arrival order to the batch's copy of the points and
 * gets its own answer; a refused one (not enough points, the limit) changes nothing.
 */
final class CombinedMemberPoints implements MemberPointsControl {

    private final MemberRepository members;
    private final LedgerRepository ledger;
    private final LockedTransaction locked;
    private final boolean fenced;
    private final CombiningQueue<Batch> queue;

    CombinedMemberPoints(MemberRepository members, LedgerRepository ledger, LockedTransaction locked, boolean fenced,
            CombiningQueue.Limits limits, MeterRegistry registry) {
        this.members = members;
        this.ledger = ledger;
        this.locked = locked;
        this.fenced = fenced;
        this.queue = new CombiningQueue<>("member", limits, this::run, registry);
    }

    @Override
    public <T> T guarded(List<Long> memberIds, Duration maxWait, Function<PointsWriter, T> work) {
        return queue.submit(LockedBatch.key(memberIds), maxWait, work::apply);
    }

    @Override
    public int waiting(List<Long> memberIds) {
        return queue.waiting(LockedBatch.key(memberIds));
    }

    private void run(String key, Supplier<List<CombiningQueue.Operation<Batch, ?>>> take) {
        List<Long> ids = LockedBatch.ids(key);
        List<String> lockNames = ids.stream().map(MemberRepository::lockName).toList();
        LockedBatch.run(locked, lockNames,
                tokens -> {
                    if (fenced) {
                        ids.forEach(id -> members.claim(id, tokens.get(MemberRepository.lockName(id))));
                    }
                },
                tokens -> new Batch(tokens),
                take);
    }

    /** The batch's copy of its members' points, and the ledger entries of its changes, written once at the end. */
    private final class Batch implements LockedBatch.View, PointsWriter {
        private final Map<String, FencingToken> tokens;
        private Map<Long, Points> points = new HashMap<>();
        private Set<Long> changed = new LinkedHashSet<>();
        private final List<LedgerEntry> entries = new ArrayList<>();
        private Map<Long, Points> markedPoints;
        private Set<Long> markedChanged;
        private int markedEntries;

        Batch(Map<String, FencingToken> tokens) {
            this.tokens = tokens;
        }

        @Override
        public Points apply(long memberId, PointChange change, Runnable beforeWrite) {
            Points current = points.get(memberId);
            if (current == null) {
                current = members.read(memberId).points(); // 404 for a member that does not exist
                points.put(memberId, current);
            }
            Points after = change.applyTo(current);
            beforeWrite.run();
            points.put(memberId, after);
            changed.add(memberId);
            return after;
        }

        @Override
        public long token(long memberId) {
            return fenced ? tokens.get(MemberRepository.lockName(memberId)).value() : 0;
        }

        @Override
        public void log(LedgerEntry entry) {
            entries.add(entry);
        }

        @Override
        public void mark() {
            markedPoints = new HashMap<>(points);
            markedChanged = new LinkedHashSet<>(changed);
            markedEntries = entries.size();
        }

        @Override
        public void undoToMark() {
            points = markedPoints;
            changed = markedChanged;
            entries.subList(markedEntries, entries.size()).clear();
        }

        @Override
        public void write() {
            for (long id : changed) {
                Points after = points.get(id);
                if (fenced) {
                    members.writePoints(id, after, tokens.get(MemberRepository.lockName(id)));
                } else {
                    members.writePointsUnfenced(id, after);
                }
            }
            ledger.append(entries);
        }
    }
}
