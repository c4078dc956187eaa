package dev.concurrency.point.service;

import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.repository.LedgerRepository;
import dev.concurrency.point.repository.MemberRepository;
import dev.concurrency.support.idempotency.PendingKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.concurrency.support.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;


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

    public PointsView charge(PendingKey key, long memberId, long amount) {
        return change(key, memberId, PointChange.charge(amount));
    }

    public PointsView use(PendingKey key, long memberId, long amount) {
        return change(key, memberId, PointChange.use(amount));
    }

    public PointsView points(long memberId) {
        return QuarkusTransaction.requiringNew().call(() -> PointsView.of(memberId, members.require(memberId).points()));
    }

    public HistoryPage history(long memberId, PageRequest request) {
        return QuarkusTransaction.requiringNew().call(() -> {
            members.require(memberId);
            PageRequest.Page<LedgerEntry> page = request.page(ledger.page(memberId, request.cursor(), request.limit() + 1), e -> e.id);
            return new HistoryPage(page.items().stream().map(HistoryPage.Item::of).toList(), page.nextCursor());
        });
    }

    private PointsView change(PendingKey key, long memberId, PointChange change) {
        return memberPoints.locked(key, memberId, writer -> PointsView.of(memberId, memberPoints.apply(memberId, change, writer)));
    }
}
