package dev.concurrency.order.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

@Schema(example = "{\"quantity\": 20}")
public record RestockRequest(@NotNull @Min(1) @Max(1000) Integer quantity) {
}
