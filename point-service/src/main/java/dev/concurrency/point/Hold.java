package dev.concurrency.point;

import dev.concurrency.point.api.HoldStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Points reserved by another service, under the id that service chose (e.g. {@code bid-42}). */
@Entity
@Table(name = "point_hold")
public class Hold extends PanacheEntityBase {

    @Id
    @Column(name = "hold_id", length = 100)
    public String holdId;

    @Column(name = "member_id")
    public Long memberId;

    public Long amount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public HoldStatus status;

    /** Who received the points; set once, by the capture. */
    @Column(name = "payee_member_id")
    public Long payeeMemberId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Hold held(String holdId, long memberId, long amount) {
        Hold h = new Hold();
        h.holdId = holdId;
        h.memberId = memberId;
        h.amount = amount;
        h.status = HoldStatus.HELD;
        h.createdAt = Instant.now();
        h.updatedAt = h.createdAt;
        return h;
    }

    public void released() {
        status = HoldStatus.RELEASED;
        updatedAt = Instant.now();
    }

    public void captured(long payee) {
        status = HoldStatus.CAPTURED;
        payeeMemberId = payee;
        updatedAt = Instant.now();
    }

    public boolean isCancelled() {
        return status == HoldStatus.RELEASED || status == HoldStatus.VOIDED;
    }
}
