package dev.concurrency.support.fencing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * A row guarded by a distributed lock: a generated id, the fencing token of the newest lock holder
 * that claimed it (see {@link FencedRows}), and when it was created and last changed.
 */
@MappedSuperclass
public abstract class FencedEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "fence_token", nullable = false)
    public long fenceToken;

    /** Raised by every write of the optimistic strategy (OPTIMISTIC_RETRY), which writes only if it is unchanged. */
    @Column(name = "row_version", nullable = false)
    public long rowVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Sets both timestamps of a new row to now. */
    public void stampCreated() {
        createdAt = Instant.now();
        updatedAt = createdAt;
    }
}
