package dev.concurrency.point.api;

import dev.concurrency.support.security.ServiceTokenFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * point-service's service-to-service endpoints (docs/api.md#point-service) as its callers reach them:
 * order-service pays and refunds, auction-service looks members up and holds, releases and captures.
 * Configured under {@code quarkus.rest-client.point-service} (Stork finds the replicas); every call
 * carries a service token. Answers are read as {@link Response}, because refusals come as
 * application/problem+json with a {@link PointProblem} code rather than as the success record.
 *
 * <p>Every state-changing call is idempotent on the id the caller chose (payment id, hold id): made
 * twice, it takes effect once, so a caller may repeat it after a timeout or a 5xx.
 */
@RegisterRestClient(configKey = "point-service")
@RegisterProvider(ServiceTokenFilter.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface PointServiceApi {

    /** 200 {@code {"id","name"}}, or 404 MEMBER_NOT_FOUND. */
    @GET
    @Path("/members/{id}")
    Response member(@PathParam("id") long memberId);

    /** 201 PAID {@link PaymentView}, 200 the same payment again; 404 MEMBER_NOT_FOUND, 409 INSUFFICIENT_POINTS or PAYMENT_CANCELLED. */
    @POST
    @Path("/payments")
    Response pay(PaymentRequest request);

    /** 200 {@link PaymentView}, or 404 PAYMENT_NOT_FOUND. */
    @GET
    @Path("/payments/{paymentId}")
    Response payment(@PathParam("paymentId") String paymentId);

    /** 200 REFUNDED (the points back once), or VOIDED for a payment that never arrived. */
    @POST
    @Path("/payments/{paymentId}/refund")
    Response refund(@PathParam("paymentId") String paymentId);

    /** 201 HELD {@link HoldView}, 200 the same hold again; 404 MEMBER_NOT_FOUND, 409 INSUFFICIENT_POINTS or HOLD_CANCELLED. */
    @POST
    @Path("/holds")
    Response hold(HoldRequest request);

    /** 200 {@link HoldView}, or 404 HOLD_NOT_FOUND. */
    @GET
    @Path("/holds/{holdId}")
    Response holdStatus(@PathParam("holdId") String holdId);

    /** 200 RELEASED, or VOIDED for a hold that never arrived; 409 HOLD_ALREADY_CAPTURED. */
    @POST
    @Path("/holds/{holdId}/release")
    Response release(@PathParam("holdId") String holdId);

    /** 200 CAPTURED (once, to one payee); 404 HOLD_NOT_FOUND or MEMBER_NOT_FOUND, 409 HOLD_NOT_ACTIVE. */
    @POST
    @Path("/holds/{holdId}/capture")
    Response capture(@PathParam("holdId") String holdId, CaptureRequest request);
}
