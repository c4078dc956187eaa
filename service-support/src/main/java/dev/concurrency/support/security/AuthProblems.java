package dev.concurrency.support.security;

import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.problem.Problem;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The answers of the security layer as problem+json (docs/api.md#authentication): 401 {@code UNAUTHENTICATED} with
 * {@code WWW-Authenticate: Bearer} for a missing or invalid token, 403 {@code FORBIDDEN} for a valid
 * token whose roles do not allow the endpoint. Authentication is not proactive
 * ({@code quarkus.http.auth.proactive=false}), so these failures reach the JAX-RS mappers.
 */
public class AuthProblems {

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class, AuthenticationCompletionException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(Problem.of(CommonProblem.UNAUTHENTICATED, "send a valid bearer token (Authorization: Bearer <JWT>)")
                .toResponse()).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(CommonProblem.FORBIDDEN, "this token's roles do not allow this endpoint").toResponse();
    }
}
