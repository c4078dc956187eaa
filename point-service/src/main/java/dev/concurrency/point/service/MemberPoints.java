package dev.concurrency.point.service;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.Member;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.Points;
import dev.concurrency.point.config.PointsConfig;
import dev.concurrency.point.repository.LedgerRepository;
import dev.concurrency.point.repository.MemberRepository;
import dev.concurrency.support.idempotency.Idempotency;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one way a member's points change: {@link #locked} serializes the work across replicas by the
 * member's Redis lock and fences it at the database; {@link #apply} (called inside that work)
 * reads, applies the rule, writes the points fenced and appends the ledger entry in the same
 * transaction.
 */
@ApplicationScoped
public class MemberPoints {

    private final MemberRepository members;
    private final LedgerRepository ledger;
    private final LockedTransaction lockedTransaction;
    private final Idempotency idempotency;
    private final PointsConfig config;
    private final CriticalSectionPause pause;

    MemberPoints(MemberRepository members, LedgerRepository ledger, LockedTransaction lockedTransaction,
            Idempotency idempotency, PointsConfig config, CriticalSectionPause pause) {
        this.members = members;
        this.ledger = ledger;
        this.lockedTransaction = lockedTransaction;
        this.idempotency = idempotency;
        this.config = config;
        this.pause = pause;
    }

    /** Runs {@code work} in one transaction while holding the member's lock; the token is null when control is off. */
    public <T> T locked(long memberId, Function<FencingToken, T> work) {
        return switch (config.concurrencyControl()) {
            case FENCED_LOCK -> lockedTransaction.execute(lockName(memberId),
                    token -> members.claim(memberId, token),
                    token -> idempotency.once(() -> work.apply(token)));
            case NONE -> QuarkusTransaction.requiringNew().call(() -> idempotency.once(() -> work.apply(null)));
        };
    }

    /**
     * The same for work that changes several members at once (a capture: holder and payee): their
     * locks are taken in canonical order, so opposite transfers between two members cannot deadlock,
     * and every row is claimed before the work starts. A token is missing from the map when control is off.
     */
    public <T> T lockedMany(Collection<Long> memberIds, Function<Map<Long, FencingToken>, T> work) {
        List<Long> ids = memberIds.stream().distinct().sorted().toList();
        return switch (config.concurrencyControl()) {
            case FENCED_LOCK -> lockedTransaction.execute(ids.stream().map(MemberPoints::lockName).toList(),
                    tokens -> ids.forEach(id -> members.claim(id, tokens.get(lockName(id)))),
                    tokens -> idempotency.once(() -> work.apply(ids.stream()
                            .collect(Collectors.toUnmodifiableMap(id -> id, id -> tokens.get(lockName(id)))))));
            case NONE -> QuarkusTransaction.requiringNew().call(() -> idempotency.once(() -> work.apply(Map.of())));
        };
    }

    /** Applies one change inside {@link #locked} work: fenced write of the points plus its ledger entry. */
    public Points apply(long memberId, PointChange change, FencingToken token) {
        Member member = members.require(memberId);
        pause.here("the critical section of member " + memberId);
        Points after = change.applyTo(member.points());
        if (token != null) {
            members.writePoints(memberId, after, token);
        } else {
            members.writePointsUnfenced(memberId, after);
        }
        ledger.persist(LedgerEntry.of(memberId, change, after, token == null ? 0 : token.value()));
        // The write went around the entity, which now holds the old points: a second change of this
        // member in the same transaction (a capture to oneself) must read the row again.
        members.getEntityManager().detach(member);
        return after;
    }

    static String lockName(long memberId) {
        return "member:" + memberId;
    }
}
