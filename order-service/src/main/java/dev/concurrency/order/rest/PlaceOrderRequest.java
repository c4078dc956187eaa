package dev.concurrency.order.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code {"memberId","items":[{"productId","quantity"}]}}: 1 to 20 items, no product twice. */
public record PlaceOrderRequest(
        @NotNull Long memberId,
        @NotNull @Size(min = 1, max = 20) List<@Valid @NotNull Item> items) {

    public record Item(@NotNull Long productId, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }
}
