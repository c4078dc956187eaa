package dev.concurrency.order.service;

import dev.concurrency.lock.FencedLocks;
import dev.concurrency.lock.FencingToken;
import dev.concurrency.lock.quarkus.LockedTransaction;
import dev.concurrency.order.Order;
import dev.concurrency.order.OrderItem;
import dev.concurrency.order.OrderProblem;
import dev.concurrency.order.OrderStatus;
import dev.concurrency.order.Product;
import dev.concurrency.order.SagaState;
import dev.concurrency.order.client.PaymentOutcome;
import dev.concurrency.order.client.PaymentOutcome.Answer;
import dev.concurrency.order.client.PointServiceClient;
import dev.concurrency.order.config.OrderConfig;
import dev.concurrency.order.repository.OrderRepository;
import dev.concurrency.support.idempotency.Idempotency;
import dev.concurrency.support.idempotency.PendingKey;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.problem.ProblemCode;
import dev.concurrency.support.tracing.StoredTrace;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The order saga, in one place. Its state is a row of order_db, written before every call to
 * point-service, so any replica can resume it after a crash.
 *
 * <pre>
 *   step            action                                        compensation
 *   1 reserve stock take every item's stock (product locks,       restore the stock
 *                   canonical order); record the order PAYING
 *   2 pay (pivot)   POST /payments  paymentId = order-{id}
 *                     PAID      -> step 3
 *                     REFUSED   -> compensate: CANCELLED with the reason, stock restored
 *                     UNKNOWN   -> answer 202 PENDING; the recovery worker resumes it
 *   3 complete      COMPLETED
 *
 *   recovery of PAYING: ask point-service for the payment first;
 *                     PAID -> complete;  REFUNDED/VOIDED -> compensate;
 *                     never arrived -> void it (a late payment is then refused) and compensate.
 *   cancel by member (COMPLETED): REFUNDING -> refund -> restore stock -> CANCELLED
 * </pre>
 *
 * Locks: an order's lock is always taken before its products' locks, and products in sorted
 * order, so no two sagas can wait for each other in a cycle.
 */
@ApplicationScoped
public class OrderSaga {

    private static final Logger LOG = Logger.getLogger(OrderSaga.class);
    static final String CANCELLED_BY_MEMBER = "CANCELLED_BY_MEMBER";
    /** The reason of an order whose payment could not be settled and was voided. */
    static final String PAYMENT_UNSETTLED = CommonProblem.SERVICE_UNAVAILABLE.code();
    /** The largest payment point-service takes; an order's total above it is refused up front. */
    static final long MAX_TOTAL = 10_000_000;

    private final OrderRepository orders;
    private final ProductStock stock;
    private final LockedTransaction lockedTransaction;
    private final FencedLocks locks;
    private final PointServiceClient points;
    private final Idempotency idempotency;
    private final OrderConfig config;

    OrderSaga(OrderRepository orders, ProductStock stock, LockedTransaction lockedTransaction, FencedLocks locks,
            PointServiceClient points, Idempotency idempotency, OrderConfig config) {
        this.orders = orders;
        this.stock = stock;
        this.lockedTransaction = lockedTransaction;
        this.locks = locks;
        this.points = points;
        this.idempotency = idempotency;
        this.config = config;
    }

    /**
     * Steps 1 to 3 for a new order, as far as the payment deadline allows; once for the request's
     * Idempotency-Key {@code key} (null: none), whose answer is revised as the payment settles.
     */
    public OrderView place(PendingKey key, long memberId, List<OrderLine> lines) {
        long orderId = reserveStock(key, memberId, lines, StoredTrace.current());
        OrderView view = underOrderLock(orderId, locks.settings().waitTimeout(), (order, token) -> pay(key, order, token));
        if (view.status() == OrderStatus.CANCELLED) {
            throw refusal(view);
        }
        if (view.status() == OrderStatus.PENDING) {
            // The deadline is reached with the payment unsettled: 202 is this request's final answer.
            QuarkusTransaction.requiringNew().run(() -> idempotency.revise(key, view));
        }
        return view;
    }

    /** The member's cancellation of a completed order: refund, then restore the stock; once. */
    public OrderView cancel(long orderId) {
        OrderView view = underOrderLock(orderId, locks.settings().waitTimeout(), (order, token) -> {
            if (order.status == OrderStatus.PENDING) {
                throw new ApiException(OrderProblem.ORDER_PENDING, "order " + orderId + " is still being paid").with("orderId", orderId);
            }
            if (order.sagaState == SagaState.DONE && order.status == OrderStatus.COMPLETED) {
                order.sagaState = SagaState.REFUNDING;
                save(order, token);
            }
            return order.sagaState == SagaState.REFUNDING ? refund(order, token) : OrderView.of(order);
        });
        if (view.status() != OrderStatus.CANCELLED) {
            throw new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
                    "the refund could not be confirmed yet; the cancellation completes by itself").with("orderId", orderId);
        }
        return view;
    }

    /** Called by the recovery worker in every replica; the order's lock makes sure only one resumes it. */
    public void resume(long orderId) {
        underOrderLock(orderId, Duration.ofMillis(100), (order, token) -> switch (order.sagaState) {
            case PAYING -> settleUnknownPayment(order, token);
            case REFUNDING -> refund(order, token);
            case DONE -> OrderView.of(order);
        });
    }

    // Step 1: all items' stock, or nothing.
    private long reserveStock(PendingKey key, long memberId, List<OrderLine> lines, String traceParent) {
        List<Long> productIds = lines.stream().map(OrderLine::productId).distinct().sorted().toList();
        return stock.guarded(productIds,
                writer -> idempotency.once(key, () -> {
                    Order order = new Order();
                    order.memberId = memberId;
                    order.status = OrderStatus.PENDING;
                    order.sagaState = SagaState.PAYING;
                    order.stampCreated();
                    order.nextAttemptAt = order.createdAt.plus(config.recoveryGrace());
                    order.traceParent = traceParent; // taken on this request's thread: a batch may run on its leader's
                    List<OrderItem> items = new ArrayList<>();
                    // Rows are taken in id order, so that strategies locking rows as they write (the
                    // conditional update) cannot deadlock two orders of the same products.
                    Map<Long, Product> taken = new HashMap<>();
                    lines.stream().sorted(Comparator.comparingLong(OrderLine::productId))
                            .forEach(line -> taken.put(line.productId(), writer.take(line.productId(), line.quantity())));
                    for (OrderLine line : lines) {
                        Product product = taken.get(line.productId());
                        OrderItem item = new OrderItem();
                        item.productId = product.id;
                        item.quantity = line.quantity();
                        item.unitPrice = product.price;
                        items.add(item);
                        order.totalAmount += product.price * line.quantity();
                    }
                    if (order.totalAmount > MAX_TOTAL) {
                        // Refused here, so this order takes nothing (in a batch, only it is undone).
                        throw new ApiException(CommonProblem.INVALID_AMOUNT, "the order's total would be " + order.totalAmount
                                + " points, over " + MAX_TOTAL);
                    }
                    orders.persist(order);
                    items.forEach(i -> i.orderId = order.id);
                    OrderItem.persist(items);
                    order.items = items;
                    return OrderView.of(order);
                })).id();
    }

    // Step 2, the pivot, and what follows from its answer (the placing request's, with its key).
    private OrderView pay(PendingKey key, Order order, FencingToken token) {
        if (order.sagaState != SagaState.PAYING) {
            return OrderView.of(order);
        }
        Answer answer = points.pay(order.paymentId(), order.memberId, order.totalAmount);
        return next(key, SagaDecisions.afterPaying(answer.outcome()), order, token,
                answer.outcome() == PaymentOutcome.REFUSED ? answer.code() : PAYMENT_UNSETTLED);
    }

    // Recovery of step 2: never pay blindly again; find out what happened first.
    private OrderView settleUnknownPayment(Order order, FencingToken token) {
        return next(null, SagaDecisions.afterStatusCheck(points.status(order.paymentId()).outcome()), order, token, PAYMENT_UNSETTLED);
    }

    private OrderView refund(Order order, FencingToken token) {
        return next(null, SagaDecisions.afterRefund(points.refund(order.paymentId()).outcome()), order, token, CANCELLED_BY_MEMBER);
    }

    /** {@code key}: the Idempotency-Key of the request placing the order, whose answer a completion revises; else null. */
    private OrderView next(PendingKey key, SagaDecisions.Next next, Order order, FencingToken token, String reason) {
        return switch (next) {
            case COMPLETE -> complete(key, order, token);
            case COMPENSATE -> compensate(order, token, reason);
            // Void it: from now on the payment is refused if it still arrives.
            case VOID_THEN_COMPENSATE -> next(key, SagaDecisions.afterRefund(points.refund(order.paymentId()).outcome()), order, token, reason);
            case POSTPONE -> postpone(order, token);
        };
    }

    // Step 3.
    private OrderView complete(PendingKey key, Order order, FencingToken token) {
        return QuarkusTransaction.requiringNew().call(() -> {
            order.status = OrderStatus.COMPLETED;
            order.sagaState = SagaState.DONE;
            orders.writeSaga(order, token);
            OrderView view = OrderView.of(order);
            idempotency.revise(key, view);
            return view;
        });
    }

    // The compensation of step 1: every item's stock back, and the order CANCELLED, in one transaction.
    private OrderView compensate(Order order, FencingToken orderToken, String reason) {
        List<Long> productIds = order.items.stream().map(i -> i.productId).distinct().sorted().toList();
        return stock.guarded(productIds, writer -> {
                    order.items.stream().sorted(Comparator.comparingLong(i -> i.productId))
                            .forEach(item -> writer.giveBack(item.productId, item.quantity));
                    order.status = OrderStatus.CANCELLED;
                    order.sagaState = SagaState.DONE;
                    order.failureReason = reason;
                    orders.writeSaga(order, orderToken);
                    return OrderView.of(order);
                });
    }

    // Outcome unknown: stay PENDING (or REFUNDING), and let the recovery worker try again later.
    private OrderView postpone(Order order, FencingToken token) {
        order.attempts++;
        Duration backoff = SagaDecisions.backoff(order.attempts, config.recoveryMaxBackoff());
        order.nextAttemptAt = Instant.now().plus(backoff);
        save(order, token);
        LOG.infof("order %d: payment outcome unknown (attempt %d); next try in %d ms", order.id, order.attempts, backoff.toMillis());
        return OrderView.of(order);
    }

    private void save(Order order, FencingToken token) {
        QuarkusTransaction.requiringNew().run(() -> orders.writeSaga(order, token));
    }

    /** Runs work on the order while holding its lock, after claiming its row with the lock's token. */
    private <T> T underOrderLock(long orderId, Duration wait, BiFunction<Order, FencingToken, T> work) {
        return lockedTransaction.hold(OrderRepository.lockName(orderId), wait, token -> orders.claim(orderId, token),
                token -> work.apply(QuarkusTransaction.requiringNew().call(() -> orders.require(orderId)), token));
    }

    private static ApiException refusal(OrderView view) {
        ProblemCode problem = ProblemCode.find(view.failureReason(), OrderProblem.INSUFFICIENT_POINTS,
                        OrderProblem.MEMBER_NOT_FOUND, CommonProblem.INVALID_AMOUNT, CommonProblem.SERVICE_UNAVAILABLE)
                // Another refusal of point-service: final for this order, and the caller's to read.
                .orElseGet(() -> ProblemCode.of(view.failureReason(), 409, "The payment was refused"));
        return new ApiException(problem, "order " + view.id() + " was cancelled: " + view.failureReason()).with("orderId", view.id());
    }
}
