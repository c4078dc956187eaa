package dev.concurrency.support.idempotency;

import jakarta.ws.rs.core.Response;

import java.time.Instant;

/**
 * The first answer given to an Idempotency-Key, as it is replayed to repeats. A provisional answer
 * (its request still working) carries the time until which repeats are told it is in progress.
 */
public record StoredAnswer(String fingerprint, int status, String contentType, String body, Instant provisionalUntil) {

    public StoredAnswer(String fingerprint, int status, String contentType, String body) {
        this(fingerprint, status, contentType, body, null);
    }

    /** Whether the request that recorded it may still be working (then repeats get 409 REQUEST_IN_PROGRESS). */
    public boolean inProgressAt(Instant now) {
        return provisionalUntil != null && now.isBefore(provisionalUntil);
    }

    public Response toResponse() {
        return Response.status(status).type(contentType).entity(body).header("Idempotent-Replayed", "true").build();
    }
}
