package dev.concurrency.point.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.concurrency.support.problem.InvalidAmount;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code {"amount"}}: 1 to 10,000,000 points. */
@Schema(example = "{\"amount\": 100}")
public record AmountRequest(
        @NotNull(payload = InvalidAmount.class)
        @Min(value = 1, payload = InvalidAmount.class)
        @Max(value = 10_000_000, payload = InvalidAmount.class)
        Long amount) {
}
