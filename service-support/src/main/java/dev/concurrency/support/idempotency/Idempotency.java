package dev.concurrency.support.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.concurrency.support.problem.ApiException;
import dev.concurrency.support.problem.CommonProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs a transaction's work at most once per Idempotency-Key. Called inside the transaction that
 * makes the change, so the change and its recorded answer commit together or not at all:
 * <ol>
 *   <li>if the key was answered already (seen now that this request holds the lock), replay that answer;</li>
 *   <li>otherwise do the work and record its result under the key, in the same transaction.</li>
 * </ol>
 * If a concurrent repeat committed the key first (possible only where no lock serializes the two),
 * the work is refused with that first answer and its transaction rolls back (or, in a combined batch,
 * only this operation is undone). Without a key (null: the request carried none) the work simply runs.
 * The key comes as an argument, from the endpoint ({@link CurrentKey#pending()}).
 */
@ApplicationScoped
public class Idempotency {

    private final IdempotencyStore store;
    private final ObjectMapper json;
    private final IdempotencyConfig config;

    Idempotency(IdempotencyStore store, ObjectMapper json, IdempotencyConfig config) {
        this.store = store;
        this.json = json;
        this.config = config;
    }

    /**
     * Runs {@code work} once for the request whose key is {@code pending} (null: no key), also when
     * it runs in a combined batch, on another request's thread. The answer is recorded with an insert
     * that never fails the transaction: if a concurrent repeat recorded the key first (only possible
     * where no lock serializes the two), this work is refused with that first answer and the
     * transaction is the caller's to roll back or, in a batch, to undo.
     */
    public <T> T once(PendingKey pending, Supplier<T> work) {
        if (pending == null) {
            return work.get();
        }
        replayIfAnswered(pending);
        T result = work.get();
        if (!store.insertIfAbsent(pending.scope(), pending.key(), answer(pending, result))) {
            throw store.findLatest(pending.scope(), pending.key())
                    .map(answer -> replayOrRefuse(pending, answer))
                    .orElseGet(Idempotency::inProgress);
        }
        return result;
    }

    /**
     * Replays the recorded answer if the request's key was answered already: for work that must
     * look before it starts (a bid checks under its auction's lock, before it holds any points).
     */
    public void replayIfAnswered(PendingKey pending) {
        if (pending != null) {
            store.find(pending.scope(), pending.key()).ifPresent(answer -> {
                throw replayOrRefuse(pending, answer);
            });
        }
    }

    /**
     * Records this request's final answer, inside a later transaction of the same request: for work
     * that spans several transactions (the order saga records a provisional "202 PENDING" with the
     * stock it reserves, and its final answer when the payment is settled or the deadline is reached).
     * Without a key it does nothing.
     */
    public void revise(PendingKey pending, Object result) {
        if (pending != null) {
            store.revise(pending.scope(), pending.key(), new StoredAnswer(pending.fingerprint(),
                    pending.answering().status(result), MediaType.APPLICATION_JSON, toJson(pending.answering().body(result))));
        }
    }

    private StoredAnswer answer(PendingKey pending, Object result) {
        Answering<Object> answering = pending.answering();
        Instant provisionalUntil = answering.provisional(result) ? Instant.now().plus(config.inProgressFor()) : null;
        return new StoredAnswer(pending.fingerprint(), answering.status(result), MediaType.APPLICATION_JSON,
                toJson(answering.body(result)), provisionalUntil);
    }

    /**
     * What a repeat gets: the first answer; 409 REQUEST_IN_PROGRESS while that answer is only
     * provisional (its request still working); 422 if the key came with a different request.
     */
    static RuntimeException replayOrRefuse(PendingKey pending, StoredAnswer answer) {
        if (!answer.fingerprint().equals(pending.fingerprint())) {
            return new ApiException(CommonProblem.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key '" + pending.key() + "' was first used with a different request");
        }
        if (answer.inProgressAt(Instant.now())) {
            return inProgress();
        }
        return new IdempotentReplay(answer);
    }

    static ApiException inProgress() {
        return new ApiException(CommonProblem.REQUEST_IN_PROGRESS, "a request with this Idempotency-Key is in progress");
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record answer", e);
        }
    }
}
