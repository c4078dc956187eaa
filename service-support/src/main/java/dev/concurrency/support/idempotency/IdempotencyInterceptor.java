package dev.concurrency.support.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import dev.concurrency.support.problem.Problem;
import dev.concurrency.support.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP side of Idempotency-Key handling, around every {@link Idempotent} endpoint:
 * validates the key, fingerprints the request, answers repeats of finished requests from the
 * store, and records refusals (4xx) so that a repeat gets the same refusal. Successful answers
 * are recorded by {@link Idempotency#once} inside the work's own transaction.
 *
 * <p>"The same request" is the same method, path and JSON body, the body compared as parsed: the
 * host or port it was sent to, the replica serving it and other headers do not count, so a client
 * may retry through any address.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class IdempotencyInterceptor {

    public static final String HEADER = "Idempotency-Key";
    private static final Map<Method, Integer> BODY_INDEX = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Answering<?>> ANSWERINGS = new ConcurrentHashMap<>();

    private final IdempotencyStore store;
    private final CurrentKey currentKey;
    private final ObjectMapper json;
    private final Caller caller;

    IdempotencyInterceptor(IdempotencyStore store, CurrentKey currentKey, ObjectMapper json, Caller caller) {
        this.store = store;
        this.currentKey = currentKey;
        this.json = json;
        this.caller = caller;
    }

    @AroundInvoke
    Object around(InvocationContext ctx) throws Exception {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        String key = request == null ? null : request.serverRequest().getRequestHeader(HEADER);
        if (key == null) {
            return ctx.proceed();
        }
        requireValid(key);
        Idempotent idempotent = ctx.getMethod().getAnnotation(Idempotent.class);
        String scope = request.getMethod() + " " + request.getPath();
        // The caller is part of the request: another identity reusing the key is told so (422), never shown the answer.
        PendingKey pending = new PendingKey(scope, key, fingerprint(scope + " as " + caller.subject(), body(ctx)), answering(idempotent));

        Optional<StoredAnswer> answered = QuarkusTransaction.requiringNew().call(() -> store.find(pending.scope(), key));
        if (answered.isPresent()) {
            throw Idempotency.replayOrRefuse(pending, answered.get());
        }
        currentKey.set(pending);
        try {
            return ctx.proceed();
        } catch (ApiException e) {
            // Who may not make the request cannot decide the answer its key gets.
            if (e.problem().status() < 500 && e.problem() != CommonProblem.IDEMPOTENCY_KEY_REUSED
                    && e.problem() != CommonProblem.REQUEST_IN_PROGRESS && e.problem() != CommonProblem.FORBIDDEN) {
                recordRefusal(pending, e);
            }
            throw e;
        } finally {
            currentKey.set(null);
        }
    }

    /** How the endpoint answers: its own {@link Idempotent#answering}, or always its {@link Idempotent#status}. */
    @SuppressWarnings("unchecked")
    private static Answering<Object> answering(Idempotent idempotent) {
        if (idempotent == null) {
            return Answering.always(200);
        }
        if (idempotent.answering() == Idempotent.Fixed.class) {
            return Answering.always(idempotent.status());
        }
        return (Answering<Object>) ANSWERINGS.computeIfAbsent(idempotent.answering(), type -> {
            try {
                return (Answering<?>) type.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(type + " needs a public no-argument constructor", e);
            }
        });
    }

    private void recordRefusal(PendingKey pending, ApiException refusal) throws JsonProcessingException {
        StoredAnswer answer = new StoredAnswer(pending.fingerprint(), refusal.problem().status(), Problem.MEDIA_TYPE,
                json.writeValueAsString(refusal.toProblem()));
        QuarkusTransaction.requiringNew().run(() -> store.recordRefusal(pending.scope(), pending.key(), answer));
    }

    private static void requireValid(String key) {
        if (key.isEmpty() || key.length() > 100 || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new ApiException(CommonProblem.INVALID_REQUEST, "Idempotency-Key must be 1 to 100 printable ASCII characters");
        }
    }

    /**
     * The request's JSON body as the endpoint parsed it: its one parameter that JAX-RS fills from
     * the body (annotated neither as a path, query or header parameter nor as a context object).
     * Parsed, so that spacing, field order and unknown fields do not make two requests differ.
     */
    private static Object body(InvocationContext ctx) {
        int index = BODY_INDEX.computeIfAbsent(ctx.getMethod(), IdempotencyInterceptor::bodyIndex);
        return index < 0 ? null : ctx.getParameters()[index];
    }

    /** Where the body is among the method's parameters (-1: none), found once per method. */
    private static int bodyIndex(Method method) {
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (isEntity(parameters[i])) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isEntity(Parameter parameter) {
        if (parameter.getType().getName().startsWith("jakarta.ws.rs.") || parameter.getType().getName().startsWith("io.vertx.")) {
            return false; // UriInfo, HttpHeaders, the server request: context, not content
        }
        return Arrays.stream(parameter.getAnnotations()).map(a -> a.annotationType().getName())
                .noneMatch(name -> name.startsWith("jakarta.ws.rs.") || name.startsWith("org.jboss.resteasy.reactive."));
    }

    private String fingerprint(String scope, Object body) throws JsonProcessingException {
        try {
            String request = scope + "\n" + json.writeValueAsString(body);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
