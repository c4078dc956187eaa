package dev.concurrency.point.service;

import dev.concurrency.point.config.PointsConfig;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
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
    /** Longer than any lease and lock wait, so every fault scenario fits; short enough that nothing sleeps for hours. */
    static final long MAX_PAUSE_MS = 60_000;
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
        String header = request == null ? null : request.serverRequest().getRequestHeader(HEADER);
        if (header == null) {
            return NONE;
        }
        long millis = parse(header);
        return () -> pause(millis, where);
    }

    private static final Runnable NONE = () -> { };

    /** 0 to {@link #MAX_PAUSE_MS}; anything else is the client's mistake (400), refused before any change. */
    private static long parse(String header) {
        try {
            long millis = Long.parseLong(header.trim());
            if (millis >= 0 && millis <= MAX_PAUSE_MS) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiException(CommonProblem.INVALID_REQUEST, HEADER + " must be a whole number of milliseconds from 0 to " + MAX_PAUSE_MS);
    }

    private static void pause(long millis, String where) {
        LOG.infof("fault injection: pausing %d ms inside %s", millis, where);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
