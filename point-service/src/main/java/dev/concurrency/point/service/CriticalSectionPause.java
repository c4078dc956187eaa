package dev.concurrency.point.service;

import dev.concurrency.point.config.PointsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * A test-only hook (points.fault-injection.enabled): lets the contention suite hold a replica
 * inside a critical section on purpose, so that freezing it with SIGSTOP lands exactly there.
 */
@ApplicationScoped
public class CriticalSectionPause {

    public static final String HEADER = "X-Fault-Pause-Ms";
    private static final Logger LOG = Logger.getLogger(CriticalSectionPause.class);

    private final boolean enabled;

    CriticalSectionPause(PointsConfig config) {
        this.enabled = config.faultInjection().enabled();
        if (enabled) {
            LOG.warn("fault injection is ON: requests may pause inside critical sections (tests only)");
        }
    }

    /**
     * The pause the request served by this thread asked for, to run later inside the critical section
     * (possibly on another thread: the request's change may run in a batch another request leads).
     */
    Runnable forThisRequest(String where) {
        if (!enabled) {
            return NONE;
        }
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        String millis = request == null ? null : request.serverRequest().getRequestHeader(HEADER);
        return millis == null ? NONE : () -> pause(millis, where);
    }

    private static final Runnable NONE = () -> { };

    private static void pause(String millis, String where) {
        LOG.infof("fault injection: pausing %s ms inside %s", millis, where);
        try {
            Thread.sleep(Long.parseLong(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
