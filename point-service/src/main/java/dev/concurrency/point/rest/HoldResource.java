package dev.concurrency.point.rest;

import dev.concurrency.point.api.CaptureRequest;
import dev.concurrency.point.api.HoldRequest;
import dev.concurrency.point.service.HoldService;
import dev.concurrency.point.api.HoldView;
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


/** Service-to-service holds (docs/api.md#point-service), called by auction-service to back bids. */
@RunOnVirtualThread
@RolesAllowed(Roles.SERVICE)
@Path("/holds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "holds")
public class HoldResource {

    private final HoldService holds;
    private final CurrentKey key;

    HoldResource(HoldService holds, CurrentKey key) {
        this.holds = holds;
        this.key = key;
    }

    /** 201 when the points are held now, 200 when the hold had been made before. */
    @POST
    @Idempotent(answering = Made.CreatedOrFound.class)
    @Operation(operationId = "hold", summary = "Hold points (services only)")
    @APIResponse(responseCode = "201", description = "The hold, `HELD`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldView.class)))
    @APIResponse(responseCode = "200", description = "The same hold again: its first answer")
    @APIResponse(responseCode = "404", description = "`MEMBER_NOT_FOUND`")
    @APIResponse(responseCode = "409", description = "`INSUFFICIENT_POINTS`, or `HOLD_CANCELLED` (the hold id was released before it arrived)")
    public RestResponse<HoldView> hold(@Valid @NotNull HoldRequest request) {
        Made<HoldView> hold = holds.hold(key.pending(), request.holdId(), request.memberId(), request.amount());
        return Made.answer(hold);
    }

    @GET
    @Path("/{holdId}")
    @Operation(operationId = "getHold", summary = "Read a hold (services only)")
    @APIResponse(responseCode = "200", description = "The hold: `HELD`, `RELEASED`, `CAPTURED` or `VOIDED`")
    @APIResponse(responseCode = "404", description = "`HOLD_NOT_FOUND`")
    public HoldView get(@RestPath String holdId) {
        return holds.get(Ids.chosen(holdId, "hold id"));
    }

    @POST
    @Path("/{holdId}/release")
    @Idempotent
    @Operation(operationId = "releaseHold", summary = "Release a hold, or void it if it never arrived (services only)")
    @APIResponse(responseCode = "200", description = "`RELEASED`, or `VOIDED` if the hold never arrived")
    @APIResponse(responseCode = "409", description = "`HOLD_ALREADY_CAPTURED`")
    public HoldView release(@RestPath String holdId) {
        return holds.release(key.pending(), Ids.chosen(holdId, "hold id"));
    }

    @POST
    @Path("/{holdId}/capture")
    @Idempotent
    @Operation(operationId = "captureHold", summary = "Capture a hold: the held points go to the payee (services only)")
    @APIResponse(responseCode = "200", description = "`CAPTURED`, once: the holder's balance and held drop by the amount, the payee gets it")
    @APIResponse(responseCode = "404", description = "`HOLD_NOT_FOUND` or `MEMBER_NOT_FOUND` (the payee)")
    @APIResponse(responseCode = "409", description = "`HOLD_NOT_ACTIVE`")
    public HoldView capture(@RestPath String holdId, @Valid @NotNull CaptureRequest request) {
        return holds.capture(key.pending(), Ids.chosen(holdId, "hold id"), request.payeeMemberId());
    }
}
