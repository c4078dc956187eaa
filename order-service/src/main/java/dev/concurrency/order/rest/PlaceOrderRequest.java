package dev.concurrency.order.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code {"memberId","items":[{"productId","quantity"}]}}: 1 to 20 items, no product twice. */
@Schema(example = "{\"memberId\": 42, \"items\": [{\"productId\": 1, \"quantity\": 2}, {\"productId\": 3, \"quantity\": 1}]}")
public record PlaceOrderRequest(
        @NotNull Long memberId,
        @NotNull @Size(min = 1, max = 20) List<@Valid @NotNull Item> items) {

    public record Item(@NotNull Long productId, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }
}
