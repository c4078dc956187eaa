package dev.concurrency.order.repository;

import dev.concurrency.lock.FencingToken;
import dev.concurrency.order.Order;
import dev.concurrency.order.OrderItem;
import dev.concurrency.order.OrderProblem;
import dev.concurrency.order.SagaState;
import dev.concurrency.support.fencing.FencedRows;
import dev.concurrency.support.problem.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Orders with their items, and the fenced writes of their saga state. */
@ApplicationScoped
public class OrderRepository implements PanacheRepository<Order> {

    public Order require(long id) {
        Order order = findById(id);
        if (order == null) {
            throw new ApiException(OrderProblem.ORDER_NOT_FOUND, "order " + id + " does not exist");
        }
        order.items = OrderItem.list("orderId = ?1 order by productId", id);
        return order;
    }

    /** Up to {@code limit} orders of the member older than {@code beforeId} (all if null), newest first. */
    public List<Order> ofMember(long memberId, Long beforeId, int limit) {
        var query = beforeId == null
                ? find("memberId = ?1 order by id desc", memberId)
                : find("memberId = ?1 and id < ?2 order by id desc", memberId, beforeId);
        List<Order> orders = query.page(0, limit).list();
        orders.forEach(o -> o.items = OrderItem.list("orderId = ?1 order by productId", o.id));
        return orders;
    }

    /** Sagas that wait for the recovery worker: unfinished and due. */
    public List<DueSaga> dueSagas(Instant now, int limit) {
        return find("sagaState != ?1 and nextAttemptAt <= ?2 order by nextAttemptAt", SagaState.DONE, now)
                .page(0, limit).list().stream().map(o -> new DueSaga(o.id, o.traceParent)).toList();
    }

    /** An unfinished saga due for another attempt, with the trace it continues. */
    public record DueSaga(long orderId, String traceParent) {
    }

    public void claim(long id, FencingToken token) {
        FencedRows.claim(this, lockName(id), id, token,
                () -> new ApiException(OrderProblem.ORDER_NOT_FOUND, "order " + id + " does not exist"));
    }

    /** Writes the order's saga fields, only while the row still carries the writer's token. */
    public void writeSaga(Order o, FencingToken token) {
        FencedRows.written(() -> update("status = ?1, sagaState = ?2, failureReason = ?3, attempts = ?4, nextAttemptAt = ?5, updatedAt = ?6 "
                        + "where id = ?7 and fenceToken = ?8",
                o.status, o.sagaState, o.failureReason, o.attempts, o.nextAttemptAt, Instant.now(), o.id, token.value()),
                lockName(o.id), token);
    }

    public static String lockName(long orderId) {
        return "order:" + orderId;
    }
}
