package dev.concurrency.point.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** {@code {"payeeMemberId"}}: the member who receives the held points. */
@Schema(example = "{\"payeeMemberId\": 7}")
public record CaptureRequest(@NotNull Long payeeMemberId) {
}
