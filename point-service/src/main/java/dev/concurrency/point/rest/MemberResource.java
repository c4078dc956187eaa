package dev.concurrency.point.rest;

import dev.concurrency.point.service.MemberService;
import dev.concurrency.point.service.MemberView;
import dev.concurrency.support.idempotency.CurrentKey;
import dev.concurrency.support.idempotency.Idempotent;
import dev.concurrency.support.security.Caller;
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
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@RunOnVirtualThread
@Path("/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "members")
public class MemberResource {

    private final MemberService members;
    private final Caller caller;
    private final CurrentKey key;

    MemberResource(MemberService members, Caller caller, CurrentKey key) {
        this.members = members;
        this.caller = caller;
        this.key = key;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Idempotent(status = 201)
    @Operation(operationId = "createMember", summary = "Make a member (admin)")
    @APIResponse(responseCode = "201", description = "The member, with its `Location`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MemberView.class)))
    public RestResponse<MemberView> create(@Valid @NotNull CreateMemberRequest request, UriInfo uri) {
        MemberView member = members.create(key.pending(), request.name().strip());
        return RestResponse.ResponseBuilder.<MemberView>created(uri.getAbsolutePathBuilder().path(Long.toString(member.id())).build())
                .entity(member).build();
    }

    /** The member itself, an admin, or a service (auction-service checks that a seller is a member). */
    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.MEMBER, Roles.ADMIN, Roles.SERVICE})
    @Operation(operationId = "getMember", summary = "Read a member")
    @APIResponse(responseCode = "200", description = "The member")
    @APIResponse(responseCode = "404", description = "`MEMBER_NOT_FOUND`")
    public MemberView get(@RestPath String id) {
        long memberId = Ids.parse(id, "member id");
        if (!caller.is(Roles.SERVICE)) {
            caller.reads(memberId);
        }
        return members.get(memberId);
    }
}
