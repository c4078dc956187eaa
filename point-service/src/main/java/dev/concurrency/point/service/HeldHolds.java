package dev.concurrency.point.service;

import dev.concurrency.point.api.HoldStatus;
import dev.concurrency.point.repository.HoldRepository;
import dev.concurrency.support.metrics.BacklogGauges;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** {@code points_holds_held}: holds still HELD, neither released nor captured (an open auction's top bid, or one left behind). */
@ApplicationScoped
class HeldHolds {

    void register(@Observes StartupEvent start, BacklogGauges gauges, HoldRepository holds) {
        gauges.register("points.holds.held", "Holds still HELD", () -> holds.count("status", HoldStatus.HELD));
    }
}
