package dev.concurrency.auction.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.concurrency.support.problem.InvalidAmount;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import dev.concurrency.support.web.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code {"sellerId","title","startPrice","minIncrement","endsAt"}}; endsAt is an ISO-8601 instant. */
@Schema(example = "{\"sellerId\": 7, \"title\": \"A first edition\", \"startPrice\": 1000, \"minIncrement\": 100, \"endsAt\": \"2030-01-01T12:00:00Z\"}")
public record CreateAuctionRequest(
        @NotNull Long sellerId,
        @NotBlank @Pattern(regexp = Ids.STORABLE_TEXT, message = "must not contain unpaired surrogates") @Size(max = 100) String title,
        @NotNull(payload = InvalidAmount.class) @Min(value = 1, payload = InvalidAmount.class)
        @Max(value = 10_000_000, payload = InvalidAmount.class) Long startPrice,
        @NotNull(payload = InvalidAmount.class) @Min(value = 1, payload = InvalidAmount.class)
        @Max(value = 10_000_000, payload = InvalidAmount.class) Long minIncrement,
        @NotBlank String endsAt) {
}
