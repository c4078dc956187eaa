package dev.concurrency.order.service;

import dev.concurrency.order.SagaState;
import dev.concurrency.order.repository.OrderRepository;
import dev.concurrency.support.metrics.BacklogGauges;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** {@code orders_saga_backlog{state}}: orders still being paid (PAYING, answered 202) or refunded (REFUNDING). */
@ApplicationScoped
class SagaBacklog {

    void register(@Observes StartupEvent start, BacklogGauges gauges, OrderRepository orders) {
        for (SagaState state : new SagaState[] {SagaState.PAYING, SagaState.REFUNDING}) {
            gauges.register("orders.saga.backlog", "Orders whose saga has not finished, by state", () -> orders.count("sagaState", state),
                    "state", state.name());
        }
    }
}
