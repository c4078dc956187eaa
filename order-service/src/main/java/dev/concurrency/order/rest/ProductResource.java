package dev.concurrency.order.rest;

import dev.concurrency.order.service.ProductService;
import dev.concurrency.order.service.ProductView;
import dev.concurrency.support.idempotency.CurrentKey;
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
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@RunOnVirtualThread
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "products")
public class ProductResource {

    private final ProductService products;
    private final CurrentKey key;

    ProductResource(ProductService products, CurrentKey key) {
        this.products = products;
        this.key = key;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Idempotent(status = 201)
    @Operation(operationId = "createProduct", summary = "Make a product (admin)")
    @APIResponse(responseCode = "201", description = "The product, with its `Location`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductView.class)))
    public RestResponse<ProductView> create(@Valid @NotNull CreateProductRequest request, UriInfo uri) {
        ProductView product = products.create(key.pending(), request.name().strip(), request.price(), request.stock());
        return RestResponse.ResponseBuilder.<ProductView>created(uri.getAbsolutePathBuilder().path(Long.toString(product.id())).build())
                .entity(product).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.MEMBER, Roles.ADMIN})
    @Operation(operationId = "getProduct", summary = "Read a product")
    @APIResponse(responseCode = "200", description = "The product")
    @APIResponse(responseCode = "404", description = "`PRODUCT_NOT_FOUND`")
    public ProductView get(@RestPath String id) {
        return products.get(Ids.parse(id, "product id"));
    }

    @POST
    @Path("/{id}/restock")
    @RolesAllowed(Roles.ADMIN)
    @Idempotent
    @Operation(operationId = "restockProduct", summary = "Add stock (admin)")
    @APIResponse(responseCode = "200", description = "The product after the restock")
    @APIResponse(responseCode = "404", description = "`PRODUCT_NOT_FOUND`")
    @APIResponse(responseCode = "409", description = "`STOCK_LIMIT_EXCEEDED`: the stock would pass 1,000,000,000")
    public ProductView restock(@RestPath String id, @Valid @NotNull RestockRequest request) {
        return products.restock(key.pending(), Ids.parse(id, "product id"), request.quantity());
    }
}
