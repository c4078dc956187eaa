package dev.concurrency.point.rest;

import jakarta.validation.constraints.NotNull;

/** {@code {"payeeMemberId"}}: the member who receives the held points. */
public record CaptureRequest(@NotNull Long payeeMemberId) {
}
