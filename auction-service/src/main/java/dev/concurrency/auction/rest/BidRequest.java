package dev.concurrency.auction.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.concurrency.support.problem.InvalidAmount;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code {"bidderId","amount","expectedPrice"}}; expectedPrice is optional. */
@Schema(example = "{\"bidderId\": 42, \"amount\": 1200, \"expectedPrice\": 1100}")
public record BidRequest(
        @NotNull Long bidderId,
        @NotNull(payload = InvalidAmount.class) @Min(value = 1, payload = InvalidAmount.class)
        @Max(value = 10_000_000, payload = InvalidAmount.class) Long amount,
        @Min(value = 1, payload = InvalidAmount.class) @Max(value = 10_000_000, payload = InvalidAmount.class) Long expectedPrice) {
}
