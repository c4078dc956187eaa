package dev.concurrency.order.rest;

import dev.concurrency.order.service.OrderLine;
import dev.concurrency.order.service.OrderPage;
import dev.concurrency.order.service.OrderService;
import dev.concurrency.order.service.OrderView;
import dev.concurrency.support.idempotency.CurrentKey;
import dev.concurrency.support.idempotency.Idempotent;
import dev.concurrency.support.security.Caller;
import dev.concurrency.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
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
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.HashSet;
import java.util.List;

@RunOnVirtualThread
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
@RolesAllowed({Roles.MEMBER, Roles.ADMIN})
public class OrderResource {

    static final int MAX_PAGE = 100;

    private static final PlacingAnswers PLACING = new PlacingAnswers();

    private final OrderService orders;
    private final Caller caller;
    private final CurrentKey key;

    OrderResource(OrderService orders, Caller caller, CurrentKey key) {
        this.orders = orders;
        this.caller = caller;
        this.key = key;
    }

    /** 201 COMPLETED; 202 PENDING when the payment's outcome is still unknown at the deadline. */
    @POST
    @Idempotent(answering = PlacingAnswers.class)
    @Operation(operationId = "placeOrder", summary = "Order products: stock taken and points paid, or nothing")
    @APIResponse(responseCode = "201", description = "The order, `COMPLETED`: stock taken and points paid",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "202", description = "The order, `PENDING`: point-service did not settle the payment in time; the recovery worker finishes it (GET it later)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "404", description = "`PRODUCT_NOT_FOUND` or `MEMBER_NOT_FOUND`")
    @APIResponse(responseCode = "409", description = "`INSUFFICIENT_STOCK` or `INSUFFICIENT_POINTS` (nothing taken; the refused order carries `orderId`), or `REQUEST_IN_PROGRESS` (a repeat of a key still being served)")
    public RestResponse<OrderView> place(@Valid @NotNull PlaceOrderRequest request) {
        List<OrderLine> lines = request.items().stream().map(i -> new OrderLine(i.productId(), i.quantity())).toList();
        if (new HashSet<>(lines.stream().map(OrderLine::productId).toList()).size() != lines.size()) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, "an order names each product at most once");
        }
        caller.actsAs(request.memberId());
        OrderView order = orders.place(key.pending(), request.memberId(), lines);
        return RestResponse.status(RestResponse.Status.fromStatusCode(PLACING.status(order)), order);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getOrder", summary = "Read an order")
    @APIResponse(responseCode = "200", description = "The order: `PENDING`, `COMPLETED` or `CANCELLED`")
    @APIResponse(responseCode = "404", description = "`ORDER_NOT_FOUND`")
    public OrderView get(@RestPath String id) {
        OrderView order = orders.get(Ids.parse(id, "order id"));
        caller.reads(order.memberId());
        return order;
    }

    /** Newest first, 100 a page by default; {@code nextCursor} leads to the next page (as in point history). */
    @GET
    @Operation(operationId = "listOrders", summary = "List a member's orders")
    @APIResponse(responseCode = "200", description = "The member's orders, newest first, a page at a time")
    public OrderPage ofMember(@RestQuery String memberId, @RestQuery String limit, @RestQuery String cursor) {
        if (memberId == null || memberId.isBlank()) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, "memberId is required");
        }
        long size = limit == null || limit.isEmpty() ? MAX_PAGE : Ids.parse(limit, "limit");
        if (size < 1 || size > MAX_PAGE) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, "limit must be between 1 and " + MAX_PAGE);
        }
        Long before = cursor == null || cursor.isEmpty() ? null : Ids.parse(cursor, "cursor");
        long member = Ids.parse(memberId, "memberId");
        caller.reads(member);
        return orders.ofMember(member, before, (int) size);
    }

    @POST
    @Path("/{id}/cancel")
    @Idempotent
    @Operation(operationId = "cancelOrder", summary = "Cancel an order: points refunded, stock restored")
    @APIResponse(responseCode = "200", description = "The order, `CANCELLED`: points refunded and stock restored, once")
    @APIResponse(responseCode = "404", description = "`ORDER_NOT_FOUND`")
    @APIResponse(responseCode = "409", description = "`ORDER_PENDING`: its payment is not settled yet")
    public OrderView cancel(@RestPath String id) {
        long orderId = Ids.parse(id, "order id");
        caller.actsAs(orders.get(orderId).memberId()); // an order's member never changes
        return orders.cancel(orderId);
    }
}
