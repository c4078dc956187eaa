package dev.concurrency.support.idempotency;

import jakarta.ws.rs.core.Response;

/** The first answer given to an Idempotency-Key, as it is replayed to repeats. */
public record StoredAnswer(String fingerprint, int status, String contentType, String body) {

    public Response toResponse() {
        return Response.status(status).type(contentType).entity(body).header("Idempotent-Replayed", "true").build();
    }
}
