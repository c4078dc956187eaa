package dev.concurrency.order;

import dev.concurrency.support.control.GuardedEntity;
import dev.concurrency.support.tracing.StoredTrace;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import java.time.Instant;
import java.util.List;

/** An order and the state of its saga. Changed only by fenced updates while holding the order's lock. */
@Entity
@Table(name = "orders")
public class Order extends GuardedEntity {

    @Column(name = "member_id", nullable = false)
    public long memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public OrderStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "saga_state", nullable = false, length = 16)
    public SagaState sagaState;

    @Column(name = "total_amount", nullable = false)
    public long totalAmount;

    @Column(name = "failure_reason", length = 40)
    public String failureReason;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    /** The trace of the request that placed it (W3C traceparent), continued by the recovery worker. */
    @Column(name = "trace_parent", length = StoredTrace.LENGTH)
    public String traceParent;

    @Transient
    public List<OrderItem> items = List.of();

    /** The id point-service knows this order's payment by. */
    public String paymentId() {
        return "order-" + id;
    }
}
