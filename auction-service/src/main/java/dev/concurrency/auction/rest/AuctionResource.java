package dev.concurrency.auction.rest;

import dev.concurrency.auction.service.AuctionService;
import dev.concurrency.auction.service.AuctionView;
import dev.concurrency.auction.service.BidView;
import dev.concurrency.auction.service.BidService;
import dev.concurrency.auction.service.ClosingService;
import dev.concurrency.support.idempotency.CurrentKey;
import dev.concurrency.support.idempotency.Idempotent;
import dev.concurrency.support.security.Caller;
import dev.concurrency.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
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
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

@RunOnVirtualThread
@Path("/auctions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "auctions")
@RolesAllowed({Roles.MEMBER, Roles.ADMIN})
public class AuctionResource {

    static final Duration SHORTEST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofDays(30);

    private final AuctionService auctions;
    private final BidService bidding;
    private final ClosingService closing;
    private final Caller caller;
    private final CurrentKey key;

    AuctionResource(AuctionService auctions, BidService bidding, ClosingService closing, Caller caller, CurrentKey key) {
        this.auctions = auctions;
        this.bidding = bidding;
        this.closing = closing;
        this.caller = caller;
        this.key = key;
    }

    /** A member sells as itself. */
    @POST
    @RolesAllowed(Roles.MEMBER)
    @Idempotent(status = 201)
    @Operation(operationId = "createAuction", summary = "Open an auction")
    @APIResponse(responseCode = "201", description = "The auction, `OPEN`, with its `Location`",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuctionView.class)))
    @APIResponse(responseCode = "404", description = "`MEMBER_NOT_FOUND` (the seller)")
    public RestResponse<AuctionView> create(@Valid @NotNull CreateAuctionRequest request, UriInfo uri) {
        caller.actsAs(request.sellerId());
        Instant endsAt = endsAt(request.endsAt());
        AuctionView auction = auctions.create(key.pending(), request.sellerId(), request.title().strip(), request.startPrice(),
                request.minIncrement(), endsAt);
        return RestResponse.ResponseBuilder.<AuctionView>created(uri.getAbsolutePathBuilder().path(Long.toString(auction.id())).build())
                .entity(auction).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getAuction", summary = "Read an auction")
    @APIResponse(responseCode = "200", description = "The auction: `OPEN` or `CLOSED`")
    @APIResponse(responseCode = "404", description = "`AUCTION_NOT_FOUND`")
    public AuctionView get(@RestPath String id) {
        return auctions.get(Ids.parse(id, "auction id"));
    }

    @POST
    @Path("/{id}/bids")
    @Idempotent(status = 201)
    @ResponseStatus(201)
    @RolesAllowed(Roles.MEMBER)
    @Operation(operationId = "placeBid", summary = "Bid: of concurrent bids on one price exactly one wins")
    @APIResponse(responseCode = "201", description = "The accepted bid: it is the auction's top bid, backed by a hold of the bidder's points",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BidView.class)))
    @APIResponse(responseCode = "404", description = "`AUCTION_NOT_FOUND` or `MEMBER_NOT_FOUND`")
    @APIResponse(responseCode = "409", description = "`BID_TOO_LOW`, `PRICE_CHANGED` (the current price is no longer `expectedPrice`), `AUCTION_CLOSED`, `SELLER_CANNOT_BID`, `ALREADY_HIGHEST_BIDDER` or `INSUFFICIENT_POINTS`")
    public BidView bid(@RestPath String id, @Valid @NotNull BidRequest request) {
        caller.actsAs(request.bidderId());
        return bidding.bid(key.pending(), Ids.parse(id, "auction id"), request.bidderId(), request.amount(), request.expectedPrice());
    }

    @GET
    @Path("/{id}/bids")
    @Operation(operationId = "listBids", summary = "List an auction's accepted bids")
    @APIResponse(responseCode = "200", description = "The accepted bids, in the order they were accepted, a page at a time")
    @APIResponse(responseCode = "404", description = "`AUCTION_NOT_FOUND`")
    public PageRequest.Page<BidView> bids(@RestPath String id, @RestQuery String limit, @RestQuery String cursor) {
        return auctions.bids(Ids.parse(id, "auction id"), PageRequest.parse(limit, cursor));
    }

    @POST
    @Path("/{id}/close")
    @RolesAllowed(Roles.MEMBER)
    @Idempotent
    @Operation(operationId = "closeAuction", summary = "Close an auction that has ended (it also closes by itself)")
    @APIResponse(responseCode = "200", description = "The auction, `CLOSED` (the winner pays once); a repeat answers the same")
    @APIResponse(responseCode = "404", description = "`AUCTION_NOT_FOUND`")
    @APIResponse(responseCode = "409", description = "`AUCTION_NOT_ENDED`: before `endsAt`")
    public AuctionView close(@RestPath String id) {
        return closing.close(Ids.parse(id, "auction id"));
    }

    private static Instant endsAt(String text) {
        Instant endsAt;
        try {
            endsAt = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, "endsAt must be an ISO-8601 instant, e.g. 2030-01-01T12:00:00Z");
        }
        Instant now = Instant.now();
        if (endsAt.isBefore(now.plus(SHORTEST)) || endsAt.isAfter(now.plus(LONGEST))) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, "endsAt must be between 1 second and 30 days from now");
        }
        // Kept to the whole second, rounded up: every database stores that exactly, and no auction ends before asked.
        Instant whole = endsAt.truncatedTo(ChronoUnit.SECONDS);
        return whole.equals(endsAt) ? whole : whole.plusSeconds(1);
    }
}
