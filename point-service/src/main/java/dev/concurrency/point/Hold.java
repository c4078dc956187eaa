package dev.concurrency.point;

import dev.concurrency.point.api.HoldStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Points reserved by another service, under the id that service chose (e.g. {@code bid-42}). */
@Entity
@Table(name = "point_hold")
public class Hold extends Settlement {

    @Id
    @Column(name = "hold_id", length = 100)
    public String holdId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public HoldStatus status;

    /** Who received the points; set once, by the capture. */
    @Column(name = "payee_member_id")
    public Long payeeMemberId;

    public static Hold held(String holdId, long memberId, long amount) {
        Hold h = new Hold();
        h.holdId = holdId;
        h.status = HoldStatus.HELD;
        h.made(memberId, amount);
        return h;
    }

    @Override
    public String id() {
        return holdId;
    }

    @Override
    public String statusName() {
        return status.name();
    }

    @Override
    public boolean isActive() {
        return status == HoldStatus.HELD;
    }

    @Override
    public boolean isCancelled() {
        return status == HoldStatus.RELEASED || status == HoldStatus.VOIDED;
    }

    /** Released: the points are available again. */
    @Override
    public void undone() {
        status = HoldStatus.RELEASED;
        touched();
    }

    /** Paid out to the payee. */
    public void captured(long payee) {
        status = HoldStatus.CAPTURED;
        payeeMemberId = payee;
        touched();
    }
}
