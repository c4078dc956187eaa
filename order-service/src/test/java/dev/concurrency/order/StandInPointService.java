package dev.concurrency.order;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a {@link PointServiceStandIn} in place of point-service and points order-service at it
 * (Stork's static list), with short saga timings so that recovery happens within a test:
 * recovery leaves a new order alone for 1 s, backs off at most 1 s and runs every second.
 * Tests get the stand-in in a field marked {@link InjectStandIn}, or from {@link #standIn()}.
 */
public class StandInPointService implements QuarkusTestResourceLifecycleManager {

    private static volatile PointServiceStandIn current;

    private PointServiceStandIn standIn;

    /** The running stand-in (the one of the most recently started resource). */
    public static PointServiceStandIn standIn() {
        PointServiceStandIn running = current;
        if (running == null) {
            throw new IllegalStateException("the point-service stand-in is not running");
        }
        return running;
    }

    @Override
    public Map<String, String> start() {
        standIn = PointServiceStandIn.start();
        current = standIn;
        return Map.of(
                "quarkus.stork.point-service.service-discovery.address-list", "127.0.0.1:" + standIn.port(),
                // Longer than a busy machine may take between an order's reservation and its payment
                // (the request holds the order's lock only from the payment on): recovery never takes
                // over an order whose request is still running.
                "orders.recovery-grace", "5s",
                "orders.recovery-max-backoff", "1s",
                // the lowest the simple scheduler supports (it warns below 1 s and runs at 1 s anyway)
                "orders.recovery-every", "1s");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(standIn, new TestInjector.AnnotatedAndMatchesType(InjectStandIn.class, PointServiceStandIn.class));
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.close();
            if (current == standIn) {
                current = null;
            }
            standIn = null;
        }
    }
}
