package dev.concurrency.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.concurrency.lock.LockException;
import dev.concurrency.lock.LockWaitTimeoutException;
import dev.concurrency.lock.combining.OverloadedException;
import dev.concurrency.support.control.WriteConflict;
import dev.concurrency.support.idempotency.IdempotentReplay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place where exceptions become answers: every error is {@code application/problem+json}
 * with a stable {@code code}. Bad input is 400, a missing dependency 503 with Retry-After, and only
 * a genuine bug is 500.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** Fields that carry points or prices: their bad values are INVALID_AMOUNT. */
    private static final Set<String> AMOUNT_FIELDS = Set.of("amount", "price", "startPrice", "minIncrement");

    private final Counter replays;

    @Inject
    public ProblemMapper(MeterRegistry registry) {
        replays = Counter.builder("idempotency.replays")
                .description("Repeats of an Idempotency-Key answered with the first request's recorded answer")
                .register(registry);
    }

    /** Without a registry (unit tests): counts into one of its own. */
    public ProblemMapper() {
        this(new SimpleMeterRegistry());
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response response = e.toProblem().toResponse();
        // Every 503 (a dependency down, or OVERLOADED) tells the client when to come back.
        return e.problem().status() == 503 ? Response.fromResponse(response).header("Retry-After", 1).build() : response;
    }

    @ServerExceptionMapper
    public Response replay(IdempotentReplay e) {
        replays.increment();
        return e.answer().toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        boolean amount = e.getConstraintViolations().stream()
                .anyMatch(v -> v.getConstraintDescriptor().getPayload().contains(InvalidAmount.class));
        String detail = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ProblemMapper::describe)
                .collect(Collectors.joining("; "));
        return Problem.of(amount ? CommonProblem.INVALID_AMOUNT : CommonProblem.INVALID_REQUEST, detail).toResponse();
    }

    /** Registered for the narrower type too, or Quarkus's built-in mapper (a bare 400) would win. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return Problem.of(CommonProblem.INVALID_REQUEST, "request body too large or too deeply nested").toResponse();
        }
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
        }
        ProblemCode code = field != null && AMOUNT_FIELDS.contains(field) ? CommonProblem.INVALID_AMOUNT : CommonProblem.INVALID_REQUEST;
        String detail = field != null ? "field '" + field + "' has a value of the wrong type or out of range" : "malformed JSON body";
        return Problem.of(code, detail).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> Problem.of(CommonProblem.NOT_FOUND, "no such resource").toResponse();
            case 405 -> Problem.of(CommonProblem.METHOD_NOT_ALLOWED, e.getMessage()).toResponse();
            case 503 -> unavailable("service unavailable", 1);
            default -> status < 500
                    ? Problem.of(CommonProblem.INVALID_REQUEST, e.getMessage()).toResponse()
                    : unexpected(e);
        };
    }

    @ServerExceptionMapper
    public Response lock(LockException e) {
        if (e instanceof LockWaitTimeoutException || e instanceof OverloadedException) {
            LOG.debugf("lock problem: %s", e.getMessage());
            // Contention, not an outage: the lock stayed busy for the whole (30 s) wait, or too many wait.
            return api(new ApiException(CommonProblem.OVERLOADED, e.getMessage()));
        }
        // Redis unanswered, or a lease lost before the commit: rare by design, and worth a line in the log.
        LOG.warnf("answered 503: %s: %s", e.getClass().getSimpleName(), e.getMessage());
        return unavailable("could not coordinate the change safely; try again", 1);
    }

    @ServerExceptionMapper
    public Response any(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api(api);
            }
            if (cause instanceof LockException lock) {
                return lock(lock);
            }
            if (cause instanceof IdempotentReplay replay) {
                return replay(replay);
            }
            if (WriteConflict.changedSinceRead(cause)) {
                // MariaDB's snapshot isolation refused a write to a row changed meanwhile: nothing was written.
                LOG.warnf("answered 503: %s", cause.toString());
                return unavailable("the data changed while the request was served; try again", 1);
            }
            if (isPoolExhausted(cause)) {
                // Every connection stayed busy for the whole acquisition wait (30 s): contention, not an outage.
                return api(new ApiException(CommonProblem.OVERLOADED, "no database connection became free in time"));
            }
            if (isDependencyFailure(cause)) {
                LOG.warnf("dependency unavailable: %s", cause.toString());
                return unavailable("a dependency (database or lock server) is unavailable", 2);
            }
        }
        return unexpected(e);
    }

    private Response unexpected(Throwable e) {
        LOG.error("unexpected error", e);
        return Problem.of(CommonProblem.INTERNAL_ERROR, "unexpected error").toResponse();
    }

    public static Response unavailable(String detail, int retryAfterSeconds) {
        return Response.fromResponse(Problem.of(CommonProblem.SERVICE_UNAVAILABLE, detail).toResponse())
                .header("Retry-After", retryAfterSeconds).build();
    }

    /** Agroal's answer when no pooled connection became free within the acquisition timeout. */
    static boolean isPoolExhausted(Throwable cause) {
        return cause instanceof java.sql.SQLException && cause.getMessage() != null
                && cause.getMessage().contains("acquisition timeout");
    }

    /**
     * Connection loss, lock-wait timeouts and a commit that failed (the transaction manager rolled
     * back, say because the link broke during commit): retryable, not the caller's fault.
     */
    static boolean isDependencyFailure(Throwable cause) {
        String name = cause.getClass().getName();
        return cause instanceof SQLTransientException
                || cause instanceof jakarta.transaction.RollbackException
                || cause instanceof jakarta.transaction.HeuristicMixedException
                || cause instanceof jakarta.transaction.HeuristicRollbackException
                || cause instanceof SQLNonTransientConnectionException
                || cause instanceof SQLTimeoutException
                || cause instanceof java.net.ConnectException
                || name.equals("org.hibernate.exception.JDBCConnectionException")
                || name.equals("org.hibernate.exception.LockAcquisitionException")
                || name.equals("org.hibernate.PessimisticLockException")
                || name.equals("jakarta.persistence.LockTimeoutException")
                || name.equals("jakarta.persistence.PessimisticLockException");
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return (dot >= 0 ? path.substring(dot + 1) : path) + ": " + v.getMessage();
    }
}
