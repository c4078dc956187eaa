package dev.concurrency.point.rest;

import dev.concurrency.point.api.PaymentRequest;
import dev.concurrency.point.service.PaymentService;
import dev.concurrency.point.api.PaymentView;
import dev.concurrency.support.idempotency.CurrentKey;
import dev.concurrency.support.idempotency.Idempotent;
import dev.concurrency.support.idempotency.Made;
import dev.concurrency.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.concurrency.support.web.Ids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import io.smallrye.common.annotation.RunOnVirtualThread;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** Service-to-service payments (docs/api.md#point-service), called by order-service. */
@RunOnVirtualThread
@RolesAllowed(Roles.SERVICE)
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "payments")
public class PaymentResource {

    private final PaymentService payments;
    private final CurrentKey key;

    PaymentResource(PaymentService payments, CurrentKey key) {
        this.payments = payments;
        this.key = key;
    }

    /** 201 when the payment is made now, 200 when it had been made before. */
    @POST
    @Idempotent(answering = Made.CreatedOrFound.class)
    @Operation(operationId = "pay", summary = "Take a payment (services only)")
    @APIResponse(responseCode = "201", description = "The payment, `PAID`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentView.class)))
    @APIResponse(responseCode = "200", description = "The same payment again: its first answer")
    @APIResponse(responseCode = "404", description = "`MEMBER_NOT_FOUND`")
    @APIResponse(responseCode = "409", description = "`INSUFFICIENT_POINTS`, or `PAYMENT_CANCELLED` (the payment id was refunded before it arrived)")
    public RestResponse<PaymentView> pay(@Valid @NotNull PaymentRequest request) {
        Made<PaymentView> payment = payments.pay(key.pending(), request.paymentId(), request.memberId(), request.amount());
        return Made.answer(payment);
    }

    @GET
    @Path("/{paymentId}")
    @Operation(operationId = "getPayment", summary = "Read a payment (services only)")
    @APIResponse(responseCode = "200", description = "The payment: `PAID`, `REFUNDED` or `VOIDED`")
    @APIResponse(responseCode = "404", description = "`PAYMENT_NOT_FOUND`")
    public PaymentView get(@RestPath String paymentId) {
        return payments.get(Ids.chosen(paymentId, "payment id"));
    }

    @POST
    @Path("/{paymentId}/refund")
    @Idempotent
    @Operation(operationId = "refundPayment", summary = "Refund a payment, or void it if it never arrived (services only)")
    @APIResponse(responseCode = "200", description = "`REFUNDED` (the points returned once), or `VOIDED` if the payment never arrived (a later payment with that id is refused)")
    public PaymentView refund(@RestPath String paymentId) {
        return payments.refund(key.pending(), Ids.chosen(paymentId, "payment id"));
    }

}
