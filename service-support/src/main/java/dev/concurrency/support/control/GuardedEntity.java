package dev.concurrency.support.control;

import dev.concurrency.support.fencing.FencedRows;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * A row whose changes the configured concurrency control guards ({@link RowGuard}): a generated id,
 * what each strategy checks (the fencing token of the newest lock holder that claimed it, see
 * {@link FencedRows}, and the row version of the optimistic strategy), and when it was created and
 * last changed.
 */
@MappedSuperclass
public abstract class GuardedEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The token of the newest lock holder that claimed the row (the lock strategies): an older one cannot write. */
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
