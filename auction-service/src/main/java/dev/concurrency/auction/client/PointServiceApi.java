package dev.concurrency.auction.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import dev.concurrency.support.security.ServiceTokenFilter;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;

/** point-service's member and hold endpoints (docs/api.md#point-service), through Stork. Used only by {@link PointServiceClient}. */
@RegisterRestClient(configKey = "point-service")
@RegisterProvider(ServiceTokenFilter.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface PointServiceApi {

    record HoldRequest(String holdId, long memberId, long amount) {
    }

    record CaptureRequest(long payeeMemberId) {
    }

    @GET
    @Path("/members/{id}")
    Response member(@RestPath long id);

    @POST
    @Path("/holds")
    Response hold(HoldRequest request);

    @POST
    @Path("/holds/{holdId}/release")
    Response release(@RestPath String holdId);

    @POST
    @Path("/holds/{holdId}/capture")
    Response capture(@RestPath String holdId, CaptureRequest request);
}
