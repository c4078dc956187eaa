package dev.concurrency.point.rest;

import dev.concurrency.point.service.RequestedPause;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Only in builds made with {@code fault-injection.enabled=true} (the tests' own): hands the request's
 * {@code X-Fault-Pause-Ms} to the critical section's pause (see CriticalSectionPause). A production
 * build has neither this filter nor the pause.
 */
@IfBuildProperty(name = "fault-injection.enabled", stringValue = "true")
public class FaultPauseHeader {

    private final RequestedPause requested;

    FaultPauseHeader(RequestedPause requested) {
        this.requested = requested;
    }

    @ServerRequestFilter
    void read(ContainerRequestContext request) {
        requested.set(request.getHeaderString(RequestedPause.HEADER));
    }
}
