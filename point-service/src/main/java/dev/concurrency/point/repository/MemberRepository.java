package dev.concurrency.point.repository;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.point.Member;
import dev.concurrency.point.PointChange;
import dev.concurrency.point.PointProblem;
import dev.concurrency.point.Points;
import dev.concurrency.support.control.RowLocks;
import dev.concurrency.support.control.WriteConflict;
import dev.concurrency.support.fencing.FencedRows;
import dev.concurrency.support.problem.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * Members, and the fenced writes of their points.
 *
 * <p>The fencing protocol: a lock holder first {@link #claim claims} the member row, stamping its
 * token in a transaction of its own; from that moment any older holder's {@link #writePoints write}
 * is refused, even if the new holder has not written anything yet. The write itself succeeds only
 * while the row still carries the writer's token.
 */
@ApplicationScoped
public class MemberRepository implements PanacheRepository<Member> {

    public Member require(long id) {
        Member member = findById(id);
        if (member == null) {
            throw notFound(id);
        }
        return member;
    }

    /** Stamps the token on the member row; refuses if the member is missing or a newer holder claimed it. */
    public void claim(long id, FencingToken token) {
        FencedRows.claim(this, lockName(id), id, token, () -> notFound(id));
    }

    /** Writes the points only if the row still carries the writer's token. */
    public void writePoints(long id, Points points, FencingToken token) {
        FencedRows.written(update("balance = ?1, held = ?2, updatedAt = ?3 where id = ?4 and fenceToken = ?5",
                points.balance(), points.held(), Instant.now(), id, token.value()), lockName(id), token);
    }

    /**
     * The member as it is now, detached: the strategies write around the entity, so a second change of
     * the same member in one transaction (a capture to oneself) must read the row again.
     */
    public Member read(long id) {
        Member member = require(id);
        getEntityManager().detach(member);
        return member;
    }

    /**
     * The member's points read with {@code SELECT ... FOR UPDATE}: the newest committed values, and the
     * row stays locked until the transaction ends. Native SQL because Hibernate's MySQL dialect writes
     * {@code FOR UPDATE OF}, which MariaDB does not know; this form works on both.
     */
    public Points readForUpdate(long id) {
        List<?> rows = getEntityManager().createNativeQuery("SELECT balance, held FROM member WHERE id = ?1 FOR UPDATE")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw notFound(id);
        }
        Object[] row = (Object[]) rows.get(0);
        return new Points(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    /** Locks the rows in id order (so two transactions over the same members cannot deadlock). */
    public void lockForUpdate(List<Long> ids) {
        RowLocks.lock(getEntityManager(), "member", ids);
    }

    /** A plain write, whatever happened since the read: for no control, row locks and the unfenced Redis lock. */
    public void writePointsUnfenced(long id, Points points) {
        update("balance = ?1, held = ?2, updatedAt = ?3 where id = ?4", points.balance(), points.held(), Instant.now(), id);
    }

    /** The optimistic write: only if the row still has the version that was read; raises it. */
    public void writePointsIfUnchanged(Member read, Points points) {
        if (update("balance = ?1, held = ?2, rowVersion = rowVersion + 1, updatedAt = ?3 where id = ?4 and rowVersion = ?5",
                points.balance(), points.held(), Instant.now(), read.id, read.rowVersion) == 0) {
            throw new WriteConflict("member " + read.id);
        }
    }

    /**
     * The conditional update: adds the change's deltas in one statement that matches only while the
     * result is allowed (available not negative, balance within the limit). False if it did not match.
     */
    public boolean addPointsIfAllowed(long id, PointChange change) {
        return update("balance = balance + ?1, held = held + ?2, updatedAt = ?3 where id = ?4"
                        + " and balance + ?1 >= held + ?2 and held + ?2 >= 0 and balance + ?1 <= ?5",
                change.balanceDelta(), change.heldDelta(), Instant.now(), id, Points.MAX_BALANCE) == 1;
    }

    /** The member's lock, which every change of its points takes under the lock strategies. */
    public static String lockName(long memberId) {
        return "member:" + memberId;
    }

    private static ApiException notFound(long id) {
        return new ApiException(PointProblem.MEMBER_NOT_FOUND, "member " + id + " does not exist");
    }
}
