package dev.concurrency.order.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import dev.concurrency.support.security.ServiceTokenFilter;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import jakarta.ws.rs.core.Response;

/**
 * point-service's payment endpoints (docs/api.md#point-service), reached through Stork. Used only by
 * {@link PointServiceClient}. Bodies are read as text: errors come as application/problem+json.
 */
@RegisterRestClient(configKey = "point-service")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface PointServiceApi {

    record PaymentRequest(String paymentId, long memberId, long amount) {
    }

    @POST
    Response pay(PaymentRequest request);

    @GET
    @Path("/{paymentId}")
    Response get(@RestPath String paymentId);

    @POST
    @Path("/{paymentId}/refund")
    Response refund(@RestPath String paymentId);
}
