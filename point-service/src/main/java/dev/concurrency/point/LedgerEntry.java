package dev.concurrency.point;

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

/** One line of a member's point history, written in the same transaction as the change it records. */
@Entity
@Table(name = "point_ledger")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "member_id", nullable = false)
    public long memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public LedgerType type;

    @Column(nullable = false)
    public long amount;

    @Column(name = "balance_after", nullable = false)
    public long balanceAfter;

    @Column(name = "held_after", nullable = false)
    public long heldAfter;

    @Column(length = 120)
    public String reference;

    @Column(name = "fence_token", nullable = false)
    public long fenceToken;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static LedgerEntry of(long memberId, PointChange change, Points after, long fenceToken) {
        LedgerEntry entry = new LedgerEntry();
        entry.memberId = memberId;
        entry.type = change.type();
        entry.amount = change.amount();
        entry.balanceAfter = after.balance();
        entry.heldAfter = after.held();
        entry.reference = change.reference();
        entry.fenceToken = fenceToken;
        entry.createdAt = Instant.now();
        return entry;
    }
}
