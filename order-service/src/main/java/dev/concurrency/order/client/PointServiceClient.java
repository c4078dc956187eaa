package dev.concurrency.order.client;

import dev.concurrency.order.client.PaymentOutcome.Answer;
import dev.concurrency.point.api.PaymentRequest;
import dev.concurrency.point.api.PaymentStatus;
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
 * The saga's view of point-service. Every call here is idempotent on the payment id (paying twice
 * with one id pays once, refunding twice refunds once), so a timeout, a 5xx or a refused connection
 * is safe to retry; a 4xx is an answer, never retried and never counted by the circuit breaker. When retries run out the outcome is
 * UNKNOWN and the saga decides (202 PENDING, recovery later). Limits can be tuned per method with
 * {@code quarkus.fault-tolerance."dev.concurrency.order.client.PointServiceClient/pay".retry.max-retries} etc.
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

    /** A refusal of the payment (any 4xx but PAYMENT_CANCELLED) is final: nothing was taken, and the code says why. */
    @Fallback(fallbackMethod = "unknownPay")
    public Answer pay(String paymentId, long memberId, long amount) {
        PeerReply reply = PeerReply.answer(api.pay(new PaymentRequest(paymentId, memberId, amount)), PEER);
        return reply.ok() || reply.is(PointProblem.PAYMENT_CANCELLED) ? settled(reply) : new Answer(PaymentOutcome.REFUSED, reply.code());
    }

    @Fallback(fallbackMethod = "unknown")
    public Answer status(String paymentId) {
        return settled(PeerReply.answer(api.payment(paymentId), PEER));
    }

    @Fallback(fallbackMethod = "unknown")
    public Answer refund(String paymentId) {
        return settled(PeerReply.answer(api.refund(paymentId), PEER));
    }

    Answer unknownPay(String paymentId, long memberId, long amount, Throwable failure) {
        return unknown(paymentId, failure);
    }

    Answer unknown(String paymentId, Throwable failure) {
        LOG.infof("payment %s: no reliable answer from point-service (%s)", paymentId, failure.toString());
        return Answer.of(PaymentOutcome.UNKNOWN);
    }

    /** What an answer says about the payment: made, cancelled, never heard of, or (an unexpected 4xx) nothing reliable. */
    static Answer settled(PeerReply reply) {
        if (reply.ok()) {
            return Answer.of(reply.text("status").equals(PaymentStatus.PAID.name()) ? PaymentOutcome.PAID : PaymentOutcome.CANCELLED);
        }
        if (reply.is(PointProblem.PAYMENT_NOT_FOUND)) {
            return Answer.of(PaymentOutcome.NOT_FOUND);
        }
        if (reply.is(PointProblem.PAYMENT_CANCELLED)) {
            return Answer.of(PaymentOutcome.CANCELLED);
        }
        // An answer, so not unavailability (no retry, no breaker), but it settles nothing: decide later.
        LOG.warnf("point-service answered %d %s about a payment; the saga tries again later", reply.status(), reply.code());
        return Answer.of(PaymentOutcome.UNKNOWN);
    }
}
