package dev.concurrency.point.service;

import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.repository.LedgerRepository;
import dev.concurrency.point.repository.MemberRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Charging, using and reading a member's points. */
@ApplicationScoped
public class PointService {

    private final MemberRepository members;
    private final LedgerRepository ledger;
    private final MemberPoints memberPoints;

    PointService(MemberRepository members, LedgerRepository ledger, MemberPoints memberPoints) {
        this.members = members;
        this.ledger = ledger;
        this.memberPoints = memberPoints;
    }

    public PointsView charge(long memberId, long amount) {
        return change(memberId, PointChange.charge(amount));
    }

    public PointsView use(long memberId, long amount) {
        return change(memberId, PointChange.use(amount));
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

    private PointsView change(long memberId, PointChange change) {
        return memberPoints.locked(memberId, writer -> PointsView.of(memberId, memberPoints.apply(memberId, change, writer)));
    }
}
