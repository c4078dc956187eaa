package dev.concurrency.auction;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A release or capture of a hold that must happen; kept until point-service confirms it. */
@Entity
@Table(name = "hold_task")
public class HoldTask extends PanacheEntityBase {

    public enum Action { RELEASE, CAPTURE }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "hold_id", nullable = false, length = 100)
    public String holdId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Action action;

    @Column(name = "payee_member_id")
    public Long payeeMemberId;

    @Column(nullable = false)
    public boolean done;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static HoldTask release(String holdId) {
        return of(holdId, Action.RELEASE, null);
    }

    public static HoldTask capture(String holdId, long payeeMemberId) {
        return of(holdId, Action.CAPTURE, payeeMemberId);
    }

    private static HoldTask of(String holdId, Action action, Long payee) {
        HoldTask task = new HoldTask();
        task.holdId = holdId;
        task.action = action;
        task.payeeMemberId = payee;
        task.createdAt = Instant.now();
        task.nextAttemptAt = task.createdAt;
        return task;
    }
}
