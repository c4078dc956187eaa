package dev.concurrency.auction.client;

import dev.concurrency.auction.client.HoldOutcome.Answer;
import dev.concurrency.point.api.CaptureRequest;
import dev.concurrency.point.api.HoldRequest;
import dev.concurrency.point.api.PointProblem;
import dev.concurrency.point.api.PointServiceApi;
import dev.concurrency.support.web.PeerReply;
import dev.concurrency.support.web.PeerBusy;
import dev.concurrency.support.web.PeerUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;

/**
 * Bidding's and closing's view of point-service. Holding, releasing and capturing are idempotent
 * on the hold id, so timeouts, 5xx and refused connections are retried; a 4xx is an answer, never
 * retried and never counted by the circuit breaker. When
 * retries run out the outcome is UNKNOWN, and the caller keeps a durable task (hold_task) for it.
 *
 * <p>Every call: 8 s per attempt and 20 s in all (a busy point-service is slow, not down: the contract keeps
 * 30 s for contention), retried on 5xx, timeouts and refused connections; point-service gives up queueing
 * a call after 6 s (points.service-call-max-wait), inside one attempt, so a call this client repeats is
 * never also still waiting there;
 * a circuit breaker per method stops calling a point-service that keeps failing.
 */
@ApplicationScoped
@Timeout(value = 8, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 20, durationUnit = ChronoUnit.SECONDS,
        retryOn = {PeerUnavailable.class, PeerBusy.class, TimeoutException.class, ProcessingException.class})
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 3, delayUnit = ChronoUnit.SECONDS,
        failOn = {PeerUnavailable.class, TimeoutException.class, ProcessingException.class})
public class PointServiceClient {

    private static final Logger LOG = Logger.getLogger(PointServiceClient.class);

    /** A 5xx from it is unavailability (retried, counted by the breaker) or busyness (503 OVERLOADED: retried, not counted). */
    private static final String PEER = "point-service";

    private final PointServiceApi api;

    PointServiceClient(@RestClient PointServiceApi api) {
        this.api = api;
    }

    /** Whether the member exists; throws {@link PeerUnavailable} when point-service cannot say. */
    public boolean memberExists(long memberId) {
        PeerReply reply = PeerReply.read(api.member(memberId));
        if (reply.ok() || reply.status() == 404) {
            return reply.ok();
        }
        throw new PeerUnavailable("point-service answered " + reply.status());
    }

    /** A refusal of the hold (any 4xx but a cancelled hold id) is final: nothing was held, and the code says why. */
    @Fallback(fallbackMethod = "unknownHold")
    public Answer hold(String holdId, long memberId, long amount) {
        Answer answer = settled(PeerReply.answer(api.hold(new HoldRequest(holdId, memberId, amount)), PEER));
        return answer.outcome() == HoldOutcome.UNKNOWN ? new Answer(HoldOutcome.REFUSED, answer.code()) : answer;
    }

    @Fallback(fallbackMethod = "unknown")
    public Answer release(String holdId) {
        return settled(PeerReply.answer(api.release(holdId), PEER));
    }

    @Fallback(fallbackMethod = "unknownCapture")
    public Answer capture(String holdId, long payeeMemberId) {
        return settled(PeerReply.answer(api.capture(holdId, new CaptureRequest(payeeMemberId)), PEER));
    }

    Answer unknownHold(String holdId, long memberId, long amount, Throwable failure) {
        return unknown(holdId, failure);
    }

    Answer unknownCapture(String holdId, long payeeMemberId, Throwable failure) {
        return unknown(holdId, failure);
    }

    Answer unknown(String holdId, Throwable failure) {
        LOG.infof("hold %s: no reliable answer from point-service (%s)", holdId, failure.toString());
        return Answer.of(HoldOutcome.UNKNOWN);
    }

    /** What an answer says about the hold; an unexpected 4xx settles nothing (UNKNOWN, with its code), but is no outage. */
    static Answer settled(PeerReply reply) {
        if (reply.ok()) {
            return Answer.of(HoldOutcome.DONE);
        }
        if (reply.isAnyOf(PointProblem.INSUFFICIENT_POINTS, PointProblem.MEMBER_NOT_FOUND)) {
            return new Answer(HoldOutcome.REFUSED, reply.code());
        }
        if (reply.isAnyOf(PointProblem.HOLD_CANCELLED, PointProblem.HOLD_NOT_ACTIVE, PointProblem.HOLD_ALREADY_CAPTURED,
                PointProblem.HOLD_NOT_FOUND)) {
            return new Answer(HoldOutcome.CANCELLED, reply.code());
        }
        LOG.warnf("point-service answered %d %s about a hold", reply.status(), reply.code());
        return new Answer(HoldOutcome.UNKNOWN, reply.code());
    }
}
