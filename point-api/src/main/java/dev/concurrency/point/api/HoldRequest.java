package dev.concurrency.point.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.concurrency.support.problem.InvalidAmount;
import dev.concurrency.support.web.Ids;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code {"holdId","memberId","amount"}}: a hold id chosen by the caller, 1 to 100 visible ASCII characters, kept exactly as given. */
@Schema(example = "{\"holdId\": \"bid-17\", \"memberId\": 42, \"amount\": 1200}")
public record HoldRequest(
        @NotNull @Pattern(regexp = Ids.CHOSEN_ID, message = "must be 1 to 100 visible ASCII characters") String holdId,
        @NotNull Long memberId,
        @NotNull(payload = InvalidAmount.class)
        @Min(value = 1, payload = InvalidAmount.class)
        @Max(value = 10_000_000, payload = InvalidAmount.class)
        Long amount) {
}
