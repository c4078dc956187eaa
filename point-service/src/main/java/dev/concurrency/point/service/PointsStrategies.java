package dev.concurrency.point.service;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.point.Member;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.Points;
import dev.concurrency.point.config.PointsConfig;
import dev.concurrency.point.repository.MemberRepository;
import dev.concurrency.support.control.GuardedTransactions;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The six ways of keeping concurrent changes of a member's points apart, side by side; the analysis
 * and the measurements are in docs/concurrency-analysis.md. {@link #selected} picks the configured one.
 */
public final class PointsStrategies {

    private PointsStrategies() {
    }

    @ApplicationScoped
    static class Selection {
        @Produces
        @ApplicationScoped
        MemberPointsControl selected(PointsConfig config, MemberRepository members, GuardedTransactions guard) {
            return switch (config.concurrencyControl()) {
                case NONE -> new NoControl(members, guard);
                case PESSIMISTIC_LOCK -> new PessimisticLock(members, guard);
                case OPTIMISTIC_RETRY -> new OptimisticRetry(members, guard);
                case CONDITIONAL_UPDATE -> new ConditionalUpdate(members, guard);
                case REDIS_LOCK -> new RedisLock(members, guard);
                case FENCED_LOCK -> new FencedLock(members, guard);
            };
        }
    }

    /** Read, apply, write back: two concurrent changes read the same points and the later write erases the earlier. */
    record NoControl(MemberRepository members, GuardedTransactions guard) implements MemberPointsControl {
        @Override
        public <T> T guarded(List<Long> memberIds, Function<PointsWriter, T> work) {
            return guard.plain(() -> work.apply((id, change, beforeWrite) -> writePlain(members, id, change.applyTo(members.read(id).points()), beforeWrite)));
        }
    }

    /** The rows are locked with SELECT ... FOR UPDATE, in id order, before anything is read; the database queues the rest. */
    record PessimisticLock(MemberRepository members, GuardedTransactions guard) implements MemberPointsControl {
        @Override
        public <T> T guarded(List<Long> memberIds, Function<PointsWriter, T> work) {
            return guard.plain(() -> {
                members.lockForUpdate(memberIds);
                return work.apply((id, change, beforeWrite) -> writePlain(members, id, change.applyTo(members.readForUpdate(id)), beforeWrite));
            });
        }
    }

    /** Read with the version; the write matches only the same version; a conflict rolls back and runs it all again. */
    record OptimisticRetry(MemberRepository members, GuardedTransactions guard) implements MemberPointsControl {
        @Override
        public <T> T guarded(List<Long> memberIds, Function<PointsWriter, T> work) {
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
        public <T> T guarded(List<Long> memberIds, Function<PointsWriter, T> work) {
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

    /** A Redis lock per member, released after the commit, but no fencing: a holder whose lease ran out still writes. */
    record RedisLock(MemberRepository members, GuardedTransactions guard) implements MemberPointsControl {
        @Override
        public <T> T guarded(List<Long> memberIds, Function<PointsWriter, T> work) {
            return guard.underLocks(memberIds.stream().map(MemberRepository::lockName).toList(),
                    () -> work.apply((id, change, beforeWrite) -> writePlain(members, id, change.applyTo(members.read(id).points()), beforeWrite)));
        }
    }

    /** The default: the Redis lock, and every write checks at the database that its token is still the newest. */
    record FencedLock(MemberRepository members, GuardedTransactions guard) implements MemberPointsControl {
        @Override
        public <T> T guarded(List<Long> memberIds, Function<PointsWriter, T> work) {
            return guard.underFencedLocks(memberIds.stream().map(MemberRepository::lockName).toList(),
                    tokens -> memberIds.forEach(id -> members.claim(id, tokens.get(MemberRepository.lockName(id)))),
                    tokens -> work.apply(new FencedWriter(members, tokens)));
        }

        private record FencedWriter(MemberRepository members, Map<String, FencingToken> tokens) implements PointsWriter {
            @Override
            public Points apply(long memberId, PointChange change, Runnable beforeWrite) {
                Points after = change.applyTo(members.read(memberId).points());
                beforeWrite.run();
                members.writePoints(memberId, after, tokens.get(MemberRepository.lockName(memberId)));
                return after;
            }

            @Override
            public long token(long memberId) {
                return tokens.get(MemberRepository.lockName(memberId)).value();
            }
        }
    }

    private static Points writePlain(MemberRepository members, long id, Points after, Runnable beforeWrite) {
        beforeWrite.run();
        members.writePointsUnfenced(id, after);
        return after;
    }
}
