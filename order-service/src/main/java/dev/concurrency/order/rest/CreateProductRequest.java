package dev.concurrency.order.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.concurrency.support.problem.InvalidAmount;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import dev.concurrency.support.web.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@Schema(example = "{\"name\": \"Kettle\", \"price\": 30, \"stock\": 50}")
public record CreateProductRequest(
        @NotBlank @Pattern(regexp = Ids.STORABLE_TEXT, message = "must not contain unpaired surrogates") @Size(max = 100) String name,
        @NotNull(payload = InvalidAmount.class) @Min(value = 1, payload = InvalidAmount.class)
        @Max(value = 10_000_000, payload = InvalidAmount.class) Long price,
        @NotNull @Min(0) @Max(1_000_000_000) Long stock) {
}
