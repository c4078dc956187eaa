package dev.concurrency.point.repository;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.point.Member;
import dev.concurrency.point.PointProblem;
import dev.concurrency.point.Points;
import dev.concurrency.support.fencing.FencedRows;
import dev.concurrency.support.problem.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

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
        FencedRows.claim(this, "member:" + id, id, token, () -> notFound(id));
    }

    /** Writes the points only if the row still carries the writer's token. */
    public void writePoints(long id, Points points, FencingToken token) {
        FencedRows.written(update("balance = ?1, held = ?2, updatedAt = ?3 where id = ?4 and fenceToken = ?5",
                points.balance(), points.held(), Instant.now(), id, token.value()), "member:" + id, token);
    }

    /** The write without any fencing: only for the concurrency-control=NONE negative control. */
    public void writePointsUnfenced(long id, Points points) {
        update("balance = ?1, held = ?2, updatedAt = ?3 where id = ?4", points.balance(), points.held(), Instant.now(), id);
    }

    private static ApiException notFound(long id) {
        return new ApiException(PointProblem.MEMBER_NOT_FOUND, "member " + id + " does not exist");
    }
}
