package dev.concurrency.point.service;

import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.Points;
import dev.concurrency.point.service.MemberPoints.PointsWriter;
import dev.concurrency.support.control.RowGuard;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import io.quarkus.arc.DefaultBean;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a request's work runs inside its member's critical section: as it is, except in a build made
 * with the build-time property {@code fault-injection.enabled=true} (the tests' own builds: the
 * {@code quarkus-app-fault-injecting} jar and a @QuarkusTest profile), where the alternative
 * {@link HeaderPause} lets the contention suite hold a replica there on purpose, so that freezing it
 * with SIGSTOP lands exactly inside. The production jar holds the {@link #NONE identity} and nothing
 * its configuration could switch on.
 */
public interface CriticalSectionPause {

    /**
     * The request's work as the critical section of {@code memberIds} runs it (called on the request's
     * own thread; the work may run later on another one, in a batch another request leads).
     */
    <T> Function<PointsWriter, T> around(List<Long> memberIds, Function<PointsWriter, T> work);

    /** What every production build has: the work as it is, whatever a request carries. */
    CriticalSectionPause NONE = new CriticalSectionPause() {
        @Override
        public <T> Function<PointsWriter, T> around(List<Long> memberIds, Function<PointsWriter, T> work) {
            return work;
        }
    };

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
        CriticalSectionPause fromHeader(RequestedPause requested) {
            return new HeaderPause(requested);
        }
    }
}

/** Honours {@code X-Fault-Pause-Ms} (read by the request filter of the same builds): only in builds made for fault tests. */
final class HeaderPause implements CriticalSectionPause {

    /** Longer than any lease and lock wait, so every fault scenario fits; short enough that nothing sleeps for hours. */
    static final long MAX_PAUSE_MS = 60_000;
    private static final Logger LOG = Logger.getLogger(CriticalSectionPause.class);

    private final RequestedPause requested;

    HeaderPause(RequestedPause requested) {
        this.requested = requested;
        LOG.warn("fault injection is ON: requests may pause inside critical sections (a test build)");
    }

    /**
     * Pauses as the request asked inside the critical section, right before each write of the
     * member's points: the lock is held and the row read, nothing is written yet (the moment the
     * contention suite freezes, with and without fencing).
     */
    @Override
    public <T> Function<PointsWriter, T> around(List<Long> memberIds, Function<PointsWriter, T> work) {
        String header = header();
        if (header == null) {
            return work;
        }
        long millis = parse(header);
        String where = "the critical section of member " + memberIds.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return writer -> work.apply(new PointsWriter(new PausingRows(writer.rows(), () -> pause(millis, where))));
    }

    /** The work's rows, pausing before every put. */
    private record PausingRows(RowGuard.Rows<Points, LedgerEntry> rows, Runnable pause) implements RowGuard.Rows<Points, LedgerEntry> {

        @Override
        public Points get(long id) {
            return rows.get(id);
        }

        @Override
        public Points put(long id, Points after) {
            pause.run();
            return rows.put(id, after);
        }

        @Override
        public long token(long id) {
            return rows.token(id);
        }

        @Override
        public void append(LedgerEntry record) {
            rows.append(record);
        }
    }

    private String header() {
        try {
            return requested.header();
        } catch (ContextNotActiveException noRequest) {
            return null;
        }
    }

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
        throw new ApiException(CommonProblem.INVALID_REQUEST, RequestedPause.HEADER + " must be a whole number of milliseconds from 0 to " + MAX_PAUSE_MS);
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
