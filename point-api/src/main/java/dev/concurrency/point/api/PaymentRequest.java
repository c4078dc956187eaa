package dev.concurrency.point.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.concurrency.support.problem.InvalidAmount;
import dev.concurrency.support.web.Ids;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code {"paymentId","memberId","amount"}}: a payment id chosen by the caller, 1 to 100 visible ASCII characters, kept exactly as given. */
@Schema(example = "{\"paymentId\": \"order-17\", \"memberId\": 42, \"amount\": 300}")
public record PaymentRequest(
        @NotNull @Pattern(regexp = Ids.CHOSEN_ID, message = "must be 1 to 100 visible ASCII characters") String paymentId,
        @NotNull Long memberId,
        @NotNull(payload = InvalidAmount.class)
        @Min(value = 1, payload = InvalidAmount.class)
        @Max(value = 10_000_000, payload = InvalidAmount.class)
        Long amount) {
}
