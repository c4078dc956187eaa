package dev.concurrency.point.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record CreateMemberRequest(
        @NotNull @NotBlank @Size(min = 1, max = 50) String name) {
}
