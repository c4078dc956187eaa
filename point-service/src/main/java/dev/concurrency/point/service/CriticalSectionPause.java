package dev.concurrency.point.service;

import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import io.quarkus.arc.DefaultBean;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * A test-only hook: lets the contention suite hold a replica inside a critical section on purpose,
 * so that freezing it with SIGSTOP lands exactly there. It exists only in a build made with the
 * build-time property {@code fault-injection.enabled=true} (the tests' own builds: the
 * {@code quarkus-app-fault-injecting} jar and a @QuarkusTest profile); the production jar holds the
 * {@link #NONE no-op} and nothing its configuration could switch on.
 */
public interface CriticalSectionPause {

    /**
     * The pause the request served by this thread asked for, to run later inside the critical section
     * (possibly on another thread: the request's change may run in a batch another request leads).
     */
    Runnable forThisRequest(String where);

    /** What every production build has: no pause, whatever a request carries. */
    CriticalSectionPause NONE = where -> () -> { };

    /** Chooses at build time. */
    @Dependent
    class Choice {
        @Produces
        @DefaultBean
        @ApplicationScoped
        CriticalSectionPause none() {
            return NONE;
        }

        @Produces
        @ApplicationScoped
        @IfBuildProperty(name = "fault-injection.enabled", stringValue = "true")
        CriticalSectionPause fromHeader() {
            return new HeaderPause();
        }
    }
}

/** Honours {@code X-Fault-Pause-Ms}: only in builds made for fault tests. */
final class HeaderPause implements CriticalSectionPause {

    public static final String HEADER = "X-Fault-Pause-Ms";
    /** Longer than any lease and lock wait, so every fault scenario fits; short enough that nothing sleeps for hours. */
    static final long MAX_PAUSE_MS = 60_000;
    private static final Logger LOG = Logger.getLogger(CriticalSectionPause.class);

    HeaderPause() {
        LOG.warn("fault injection is ON: requests may pause inside critical sections (a test build)");
    }

    @Override
    public Runnable forThisRequest(String where) {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        String header = request == null ? null : request.serverRequest().getRequestHeader(HEADER);
        if (header == null) {
            return NO_PAUSE;
        }
        long millis = parse(header);
        return () -> pause(millis, where);
    }

    private static final Runnable NO_PAUSE = () -> { };

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
