package dev.concurrency.point.repository;

import dev.concurrency.point.api.PointProblem;
import dev.concurrency.lock.FencingToken;
import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.Member;
import dev.concurrency.point.Points;
import dev.concurrency.support.control.GuardedRows;
import dev.concurrency.support.control.RowLocks;
import dev.concurrency.support.fencing.FencedRows;
import dev.concurrency.support.problem.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * Members, and the writes of their points for each strategy of the {@link dev.concurrency.support.control.RowGuard}.
 *
 * <p>The fencing protocol: a lock holder first {@link #claim claims} the member row, stamping its
 * token in a transaction of its own; from that moment any older holder's {@link #writePoints write}
 * is refused, even if the new holder has not written anything yet. The write itself succeeds only
 * while the row still carries the writer's token.
 */
@ApplicationScoped
public class MemberRepository implements PanacheRepository<Member>, GuardedRows<Points, LedgerEntry> {

    private final LedgerRepository ledger;

    MemberRepository(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    public Member require(long id) {
        Member member = findById(id);
        if (member == null) {
            throw notFound(id);
        }
        return member;
    }

    /** Stamps the token on the member row; refuses if the member is missing or a newer holder claimed it. */
    @Override
    public void claim(long id, FencingToken token) {
        FencedRows.claim(this, lockName(id), id, token, () -> notFound(id));
    }

    /** Writes the points only if the row still carries the writer's token. */
    public void writePoints(long id, Points points, FencingToken token) {
        FencedRows.written(() -> update("balance = ?1, held = ?2, updatedAt = ?3 where id = ?4 and fenceToken = ?5",
                points.balance(), points.held(), Instant.now(), id, token.value()), lockName(id), token);
    }

    // ---- the member rows as the RowGuard reads and writes them ----

    @Override
    public String family() {
        return "member";
    }

    /** The member's points as committed now, with the row's version (detached: only the writes below change the row). */
    @Override
    public Row<Points> read(long id) {
        Member member = require(id);
        getEntityManager().detach(member);
        return new Row<>(member.points(), member.rowVersion);
    }

    @Override
    public void lockForUpdate(List<Long> ids) {
        RowLocks.lock(getEntityManager(), "member", ids);
    }

    @Override
    public void write(long id, Points points) {
        update("balance = ?1, held = ?2, updatedAt = ?3 where id = ?4", points.balance(), points.held(), Instant.now(), id);
    }

    @Override
    public void writeFenced(long id, Points points, FencingToken token) {
        writePoints(id, points, token);
    }

    @Override
    public boolean writeIfUnchanged(long id, Points points, long version) {
        return update("balance = ?1, held = ?2, rowVersion = rowVersion + 1, updatedAt = ?3 where id = ?4 and rowVersion = ?5",
                points.balance(), points.held(), Instant.now(), id, version) == 1;
    }

    /** Adds the deltas in one statement that matches only while available stays ≥ 0 and the balance within the limit. */
    @Override
    public boolean addIfAllowed(long id, Points before, Points after) {
        long balanceDelta = after.balance() - before.balance();
        long heldDelta = after.held() - before.held();
        return update("balance = balance + ?1, held = held + ?2, updatedAt = ?3 where id = ?4"
                        + " and balance + ?1 >= held + ?2 and held + ?2 >= 0 and balance + ?1 <= ?5",
                balanceDelta, heldDelta, Instant.now(), id, Math.max(Points.MAX_BALANCE, after.balance())) == 1;
    }

    @Override
    public void append(List<LedgerEntry> entries) {
        ledger.append(entries);
    }

    /** The member's lock, which every change of its points takes under the lock strategies. */
    public static String lockName(long memberId) {
        return "member:" + memberId;
    }

    private static ApiException notFound(long id) {
        return new ApiException(PointProblem.MEMBER_NOT_FOUND, "member " + id + " does not exist");
    }
}
