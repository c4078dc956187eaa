package dev.concurrency.point;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A member and their points. The points columns are never changed through this entity's fields:
 * they are written by fenced updates in {@link dev.concurrency.point.repository.MemberRepository},
 * which check that the writer still holds the member's lock.
 */
@Entity
@Table(name = "member")
public class Member extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 50)
    public String name;

    @Column(nullable = false)
    public long balance;

    @Column(nullable = false)
    public long held;

    @Column(name = "fence_token", nullable = false)
    public long fenceToken;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Points points() {
        return new Points(balance, held);
    }
}
