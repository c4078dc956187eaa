package dev.concurrency.point;

import dev.concurrency.support.control.GuardedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A member and their points. The points columns are never changed through this entity's fields:
 * they are written by fenced updates in {@link dev.concurrency.point.repository.MemberRepository},
 * which check that the writer still holds the member's lock.
 */
@Entity
@Table(name = "member")
public class Member extends GuardedEntity {

    @Column(nullable = false, length = 50)
    public String name;

    @Column(nullable = false)
    public long balance;

    @Column(nullable = false)
    public long held;

    public Points points() {
        return new Points(balance, held);
    }
}
