package dev.concurrency.order.client;

import dev.concurrency.order.client.PaymentOutcome.Answer;
import dev.concurrency.support.web.PeerReply;
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
import jakarta.ws.rs.core.Response;

import java.time.temporal.ChronoUnit;

/**
 * The saga's view of point-service. Every call here is idempotent on the payment id (paying twice
 * with one id pays once, refunding twice refunds once), so a timeout, a 5xx or a refused connection
 * is safe to retry; a 4xx is an answer and is never retried. When retries run out the outcome is
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
        retryOn = {PeerUnavailable.class, TimeoutException.class, ProcessingException.class})
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 3, delayUnit = ChronoUnit.SECONDS,
        failOn = {PeerUnavailable.class, TimeoutException.class, ProcessingException.class})
public class PointServiceClient {

    private static final Logger LOG = Logger.getLogger(PointServiceClient.class);

    private final PointServiceApi api;

    PointServiceClient(@RestClient PointServiceApi api) {
        this.api = api;
    }

    @Fallback(fallbackMethod = "unknownPay")
    public Answer pay(String paymentId, long memberId, long amount) {
        return read(api.pay(new PointServiceApi.PaymentRequest(paymentId, memberId, amount)));
    }

    @Fallback(fallbackMethod = "unknown")
    public Answer status(String paymentId) {
        return read(api.get(paymentId));
    }

    @Fallback(fallbackMethod = "unknown")
    public Answer refund(String paymentId) {
        return read(api.refund(paymentId));
    }

    Answer unknownPay(String paymentId, long memberId, long amount, Throwable failure) {
        return unknown(paymentId, failure);
    }

    Answer unknown(String paymentId, Throwable failure) {
        LOG.infof("payment %s: no reliable answer from point-service (%s)", paymentId, failure.toString());
        return Answer.of(PaymentOutcome.UNKNOWN);
    }

    static Answer read(Response response) {
        PeerReply reply = PeerReply.read(response);
        if (reply.serverError()) {
            throw new PeerUnavailable("point-service answered " + reply.status());
        }
        if (reply.ok()) {
            return Answer.of(reply.text("status").equals("PAID") ? PaymentOutcome.PAID : PaymentOutcome.CANCELLED);
        }
        return switch (reply.code()) {
            case "PAYMENT_NOT_FOUND" -> Answer.of(PaymentOutcome.NOT_FOUND);
            case "PAYMENT_CANCELLED" -> Answer.of(PaymentOutcome.CANCELLED);
            case "INSUFFICIENT_POINTS", "MEMBER_NOT_FOUND" -> new Answer(PaymentOutcome.REFUSED, reply.code());
            // Anything else (a 400 we did not expect, a 503 mapped oddly) is not a reliable answer.
            default -> throw new PeerUnavailable("point-service answered " + reply.status() + " " + reply.code());
        };
    }
}
