package dev.concurrency.order;

import dev.concurrency.point.standin.StandInResource;

import java.util.Map;

/**
 * Starts a point-service stand-in and points order-service at it, with short saga timings so that
 * recovery happens within a test: recovery leaves a new order alone for 5 s, backs off at most 1 s
 * and runs every second.
 */
public class StandInPointService extends StandInResource {

    public StandInPointService() {
        super(Map.of(
                // Longer than a busy machine may take between an order's reservation and its payment
                // (the request holds the order's lock only from the payment on): recovery never takes
                // over an order whose request is still running.
                "orders.recovery-grace", "5s",
                "orders.recovery-max-backoff", "1s",
                // the lowest the simple scheduler supports (it warns below 1 s and runs at 1 s anyway)
                "orders.recovery-every", "1s"));
    }
}
