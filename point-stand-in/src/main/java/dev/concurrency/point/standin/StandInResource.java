package dev.concurrency.point.standin;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts a {@link PointServiceStandIn} in place of point-service and points the service under test at it
 * (Stork's static list of {@code point-service}), together with the service's own properties (the short
 * timings its tests need). Tests get the stand-in in a field marked {@link InjectStandIn}; the stand-in
 * stops with the resource.
 */
public abstract class StandInResource implements QuarkusTestResourceLifecycleManager {

    private final Map<String, String> properties;
    private PointServiceStandIn standIn;

    /** A resource that sets these properties of the service besides the stand-in's address. */
    protected StandInResource(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
    }

    /** Starts the stand-in; returns the service's properties and the stand-in's address. */
    @Override
    public Map<String, String> start() {
        standIn = PointServiceStandIn.start();
        Map<String, String> all = new HashMap<>(properties);
        all.put("quarkus.stork.point-service.service-discovery.address-list", "127.0.0.1:" + standIn.port());
        return all;
    }

    /** Sets the test's {@link InjectStandIn} fields to the running stand-in. */
    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(standIn, new TestInjector.AnnotatedAndMatchesType(InjectStandIn.class, PointServiceStandIn.class));
    }

    /** Stops the stand-in. */
    @Override
    public void stop() {
        if (standIn != null) {
            standIn.close();
            standIn = null;
        }
    }
}
