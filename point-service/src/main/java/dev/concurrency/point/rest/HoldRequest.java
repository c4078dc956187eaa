package dev.concurrency.point.rest;

import dev.concurrency.support.problem.InvalidAmount;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code {"holdId","memberId","amount"}}: a hold id chosen by the caller, 1 to 100 characters. */
public record HoldRequest(
        @NotBlank @Size(max = 100) String holdId,
        @NotNull Long memberId,
        @NotNull(payload = InvalidAmount.class)
        @Min(value = 1, payload = InvalidAmount.class)
        @Max(value = 10_000_000, payload = InvalidAmount.class)
        Long amount) {
}
