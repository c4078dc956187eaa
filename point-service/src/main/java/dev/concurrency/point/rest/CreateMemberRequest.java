package dev.concurrency.point.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import dev.concurrency.support.web.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@Schema(example = "{\"name\": \"Ada\"}")
public record CreateMemberRequest(
        @NotNull @NotBlank @Pattern(regexp = Ids.STORABLE_TEXT, message = "must not contain unpaired surrogates") @Size(min = 1, max = 50) String name) {
}
