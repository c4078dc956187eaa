package dev.concurrency.auction;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a {@link PointServiceStandIn} in place of point-service and points auction-service at it
 * (Stork's static list), with short timings so that recovery happens within a test: a bid left
 * HOLDING is abandoned after 3 s, hold tasks back off at most 1 s.
 */
public class StandInPointService implements QuarkusTestResourceLifecycleManager {

    private PointServiceStandIn standIn;

    @Override
    public Map<String, String> start() {
        standIn = PointServiceStandIn.start();
        return Map.of(
                "quarkus.stork.point-service.service-discovery.address-list", "127.0.0.1:" + standIn.port(),
                "auctions.stale-bid-after", "3s",
                "auctions.task-max-backoff", "1s");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(standIn, new TestInjector.AnnotatedAndMatchesType(InjectStandIn.class, PointServiceStandIn.class));
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.close();
            standIn = null;
        }
    }
}
