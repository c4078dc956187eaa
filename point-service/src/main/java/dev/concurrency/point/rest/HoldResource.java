package dev.concurrency.point.rest;

import dev.concurrency.point.service.HoldService;
import dev.concurrency.point.service.HoldView;
import dev.concurrency.support.idempotency.Idempotent;
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

    HoldResource(HoldService holds) {
        this.holds = holds;
    }

    /** 201 when the points are held now, 200 when the hold had been made before. */
    @POST
    @Idempotent(status = 201)
    public RestResponse<HoldView> hold(@Valid @NotNull HoldRequest request) {
        HoldView hold = holds.hold(request.holdId(), request.memberId(), request.amount());
        return RestResponse.status(RestResponse.Status.fromStatusCode(hold.httpStatus()), hold);
    }

    @GET
    @Path("/{holdId}")
    public HoldView get(@RestPath String holdId) {
        return holds.get(Ids.chosen(holdId, "hold id"));
    }

    @POST
    @Path("/{holdId}/release")
    @Idempotent
    public HoldView release(@RestPath String holdId) {
        return holds.release(Ids.chosen(holdId, "hold id"));
    }

    @POST
    @Path("/{holdId}/capture")
    @Idempotent
    public HoldView capture(@RestPath String holdId, @Valid @NotNull CaptureRequest request) {
        return holds.capture(Ids.chosen(holdId, "hold id"), request.payeeMemberId());
    }
}
