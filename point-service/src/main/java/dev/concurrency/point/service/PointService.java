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

import java.util.List;

/**
 * Every change of a member's points goes through {@link #apply}: serialized across replicas by the
 * member's Redis lock, fenced at the database, and written to the ledger in the same transaction.
 */
@ApplicationScoped
public class PointService {

    private final MemberRepository members;
    private final LedgerRepository ledger;
    private final LockedTransaction lockedTransaction;
    private final Idempotency idempotency;
    private final PointsConfig config;
    private final CriticalSectionPause pause;

    PointService(MemberRepository members, LedgerRepository ledger, LockedTransaction lockedTransaction,
            Idempotency idempotency, PointsConfig config, CriticalSectionPause pause) {
        this.members = members;
        this.ledger = ledger;
        this.lockedTransaction = lockedTransaction;
        this.idempotency = idempotency;
        this.config = config;
        this.pause = pause;
    }

    public PointsView charge(long memberId, long amount) {
        return apply(memberId, PointChange.charge(amount));
    }

    public PointsView use(long memberId, long amount) {
        return apply(memberId, PointChange.use(amount));
    }

    public PointsView points(long memberId) {
        return QuarkusTransaction.requiringNew().call(() -> PointsView.of(memberId, members.require(memberId).points()));
    }

    public HistoryPage history(long memberId, Long cursor, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            members.require(memberId);
            List<LedgerEntry> entries = ledger.page(memberId, cursor, limit + 1);
            boolean more = entries.size() > limit;
            List<HistoryPage.Item> items = entries.stream().limit(limit).map(HistoryPage.Item::of).toList();
            return new HistoryPage(items, more ? Long.toString(items.get(items.size() - 1).id()) : null);
        });
    }

    PointsView apply(long memberId, PointChange change) {
        return switch (config.concurrencyControl()) {
            case FENCED_LOCK -> lockedTransaction.execute(lockName(memberId),
                    token -> members.claim(memberId, token),
                    token -> idempotency.once(() -> write(memberId, change, token)));
            case NONE -> QuarkusTransaction.requiringNew().call(() -> idempotency.once(() -> write(memberId, change, null)));
        };
    }

    private PointsView write(long memberId, PointChange change, FencingToken token) {
        Member member = members.require(memberId);
        pause.here("the critical section of member " + memberId);
        Points after = change.applyTo(member.points());
        if (token != null) {
            members.writePoints(memberId, after, token);
        } else {
            members.writePointsUnfenced(memberId, after);
        }
        ledger.persist(LedgerEntry.of(memberId, change, after, token == null ? 0 : token.value()));
        return PointsView.of(memberId, after);
    }

    static String lockName(long memberId) {
        return "member:" + memberId;
    }
}
