package dev.concurrency.point;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * Points that another service moves under an id it chose (a payment {@code order-42}, a hold
 * {@code bid-17}): made once, undone at most once, and never made after it was undone. The id is
 * the row's primary key, so a late "make" and an early "undo" of the same id cannot both win: the
 * undo of an id never seen leaves a VOIDED tombstone (member and amount null) in its place.
 */
@MappedSuperclass
public abstract class Settlement extends PanacheEntityBase {

    @Column(name = "member_id")
    public Long memberId;

    public Long amount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The id the caller chose. */
    public abstract String id();

    /** Its status's name, as the ledger and the answers spell it. */
    public abstract String statusName();

    /** Made and not undone, nor settled otherwise: the one state in which it can still be undone. */
    public abstract boolean isActive();

    /** Undone, or voided before it arrived: the id can never be made again. */
    public abstract boolean isCancelled();

    /** Marks it undone (the points went back). */
    public abstract void undone();

    protected void made(long memberId, long amount) {
        this.memberId = memberId;
        this.amount = amount;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    protected void touched() {
        updatedAt = Instant.now();
    }
}
