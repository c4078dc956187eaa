package dev.concurrency.point.rest;

import dev.concurrency.point.service.HistoryPage;
import dev.concurrency.point.service.PointService;
import dev.concurrency.point.service.PointsView;
import dev.concurrency.support.idempotency.CurrentKey;
import dev.concurrency.support.idempotency.Idempotent;
import dev.concurrency.support.security.Caller;
import dev.concurrency.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.concurrency.support.web.Ids;
import dev.concurrency.support.web.PageRequest;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@RunOnVirtualThread
@Path("/members/{id}/points")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "points")
@RolesAllowed({Roles.MEMBER, Roles.ADMIN})
public class PointResource {

    private final PointService points;
    private final Caller caller;
    private final CurrentKey key;

    PointResource(PointService points, Caller caller, CurrentKey key) {
        this.points = points;
        this.caller = caller;
        this.key = key;
    }

    @GET
    @Operation(operationId = "getPoints", summary = "Read a member's points")
    @APIResponse(responseCode = "200", description = "The member's balance, held and available points")
    @APIResponse(responseCode = "404", description = "`MEMBER_NOT_FOUND`")
    public PointsView get(@RestPath String id) {
        return points.points(readable(id));
    }

    /** A member charges (tops up) its own points. */
    @POST
    @Path("/charge")
    @Idempotent
    @Operation(operationId = "chargePoints", summary = "Charge (top up) the caller's own points")
    @APIResponse(responseCode = "200", description = "The points after the charge")
    @APIResponse(responseCode = "404", description = "`MEMBER_NOT_FOUND`: nothing is created")
    @APIResponse(responseCode = "409", description = "`BALANCE_LIMIT_EXCEEDED`: the balance would pass 1,000,000,000")
    public PointsView charge(@RestPath String id, @Valid @NotNull AmountRequest request) {
        return points.charge(key.pending(), own(id), request.amount());
    }

    @POST
    @Path("/use")
    @Idempotent
    @Operation(operationId = "usePoints", summary = "Use the caller's own points; never below zero")
    @APIResponse(responseCode = "200", description = "The points after the use")
    @APIResponse(responseCode = "404", description = "`MEMBER_NOT_FOUND`")
    @APIResponse(responseCode = "409", description = "`INSUFFICIENT_POINTS`: fewer points available than the amount; nothing is used")
    public PointsView use(@RestPath String id, @Valid @NotNull AmountRequest request) {
        return points.use(key.pending(), own(id), request.amount());
    }

    @GET
    @Path("/history")
    @Operation(operationId = "getPointHistory", summary = "Read a member's ledger")
    @APIResponse(responseCode = "200", description = "The member's ledger, newest first, a page at a time")
    @APIResponse(responseCode = "404", description = "`MEMBER_NOT_FOUND`")
    public HistoryPage history(@RestPath String id, @RestQuery String limit, @RestQuery String cursor) {
        return points.history(readable(id), PageRequest.parse(limit, cursor));
    }

    private long own(String id) {
        long memberId = Ids.parse(id, "member id");
        caller.actsAs(memberId);
        return memberId;
    }

    private long readable(String id) {
        long memberId = Ids.parse(id, "member id");
        caller.reads(memberId);
        return memberId;
    }
}
