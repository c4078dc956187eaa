package dev.concurrency.point.service;

import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.point.Member;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.Points;
import dev.concurrency.point.config.PointsConfig;
import dev.concurrency.point.repository.LedgerRepository;
import dev.concurrency.point.repository.MemberRepository;
import dev.concurrency.support.control.CombiningConfig;
import dev.concurrency.support.control.GuardedTransactions;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The six ways of keeping concurrent changes of a member's points apart, side by side; the analysis
 * and the measurements are in docs/concurrency-analysis.md. {@link Selection} picks the configured one.
 * The two lock strategies (REDIS_LOCK, FENCED_LOCK) combine the changes waiting for one member in
 * {@link CombinedMemberPoints}; the database strategies run each change in a transaction of its own.
 */
public final class PointsStrategies {

    private PointsStrategies() {
    }

    @ApplicationScoped
    static class Selection {
        @Produces
        @ApplicationScoped
        MemberPointsControl selected(PointsConfig config, MemberRepository members, LedgerRepository ledger,
                GuardedTransactions guard, LockedTransaction locked, CombiningConfig combining, MeterRegistry registry) {
            return switch (config.concurrencyControl()) {
                case NONE -> new NoControl(members, guard);
                case PESSIMISTIC_LOCK -> new PessimisticLock(members, guard);
                case OPTIMISTIC_RETRY -> new OptimisticRetry(members, guard);
                case CONDITIONAL_UPDATE -> new ConditionalUpdate(members, guard);
                case REDIS_LOCK -> new CombinedMemberPoints(members, ledger, locked, false, combining.limits(), registry);
                case FENCED_LOCK -> new CombinedMemberPoints(members, ledger, locked, true, combining.limits(), registry);
            };
        }
    }

    /** Read, apply, write back: two concurrent changes read the same points and the later write erases the earlier. */
    record NoControl(MemberRepository members, GuardedTransactions guard) implements MemberPointsControl {
        @Override
        public <T> T guarded(List<Long> memberIds, Duration maxWait, Function<PointsWriter, T> work) {
            return guard.plain(() -> work.apply((id, change, beforeWrite) -> writePlain(members, id, change.applyTo(members.read(id).points()), beforeWrite)));
        }
    }

    /** The rows are locked with SELECT ... FOR UPDATE, in id order, before anything is read; the database queues the rest. */
    record PessimisticLock(MemberRepository members, GuardedTransactions guard) implements MemberPointsControl {
        @Override
        public <T> T guarded(List<Long> memberIds, Duration maxWait, Function<PointsWriter, T> work) {
            return guard.plain(() -> {
                members.lockForUpdate(memberIds);
                return work.apply((id, change, beforeWrite) -> writePlain(members, id, change.applyTo(members.readForUpdate(id)), beforeWrite));
            });
        }
    }

    /** Read with the version; the write matches only the same version; a conflict rolls back and runs it all again. */
    record OptimisticRetry(MemberRepository members, GuardedTransactions guard) implements MemberPointsControl {
        @Override
        public <T> T guarded(List<Long> memberIds, Duration maxWait, Function<PointsWriter, T> work) {
            return guard.retryingOnConflict("member " + memberIds, () -> work.apply((id, change, beforeWrite) -> {
                Member read = members.read(id);
                Points after = change.applyTo(read.points());
                beforeWrite.run();
                members.writePointsIfUnchanged(read, after);
                return after;
            }));
        }
    }

    /**
     * No read-modify-write: one UPDATE adds the deltas where the rule still holds. When it does not
     * match, the current row says why (the rule refuses), or, if another change made it allowed in the
     * meantime, the update is tried again.
     */
    record ConditionalUpdate(MemberRepository members, GuardedTransactions guard) implements MemberPointsControl {
        static final int ATTEMPTS = 5;

        @Override
        public <T> T guarded(List<Long> memberIds, Duration maxWait, Function<PointsWriter, T> work) {
            return guard.plain(() -> work.apply((id, change, beforeWrite) -> {
                beforeWrite.run();
                for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                    if (members.addPointsIfAllowed(id, change)) {
                        return members.read(id).points(); // our own update is what this transaction now sees
                    }
                    change.applyTo(members.read(id).points()); // throws the rule's refusal (or the member is missing)
                }
                throw new ApiException(CommonProblem.SERVICE_UNAVAILABLE, "member " + id + " kept changing; try again");
            }));
        }
    }

    private static Points writePlain(MemberRepository members, long id, Points after, Runnable beforeWrite) {
        beforeWrite.run();
        members.writePointsUnfenced(id, after);
        return after;
    }
}
