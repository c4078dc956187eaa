package dev.concurrency.point;

import dev.concurrency.support.idempotency.IdempotencyStore;
import dev.concurrency.support.idempotency.StoredAnswer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * How recorded answers replace each other in the idempotency table (MariaDB, through the service's
 * own store). A refusal is recorded after the request's work, outside its lock, so a concurrent
 * repeat may have committed a success by then: the refusal must never replace it.
 */
@QuarkusTest
class IdempotencyRecordsTest {

    private static final String SCOPE = "POST /members/1/points/use";

    @Inject
    IdempotencyStore store;

    @Test
    void aRefusalRecordedLateNeverReplacesASuccess() {
        String key = "late-refusal-" + System.nanoTime();
        StoredAnswer success = new StoredAnswer("f", 200, "application/json", "{\"balance\":5}");
        QuarkusTransaction.requiringNew().run(() -> store.insertIfAbsent(SCOPE, key, success));

        QuarkusTransaction.requiringNew().run(() -> store.recordRefusal(SCOPE, key,
                new StoredAnswer("f", 409, "application/problem+json", "{\"code\":\"INSUFFICIENT_POINTS\"}")));

        StoredAnswer kept = QuarkusTransaction.requiringNew().call(() -> store.find(SCOPE, key)).orElseThrow();
        assertEquals(200, kept.status(), "the success stays the answer: " + kept);
        assertEquals(success.body(), kept.body());
    }

    @Test
    void aRefusalReplacesTheSameRequestsProvisionalAnswerAndIsFinal() {
        String key = "provisional-" + System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> store.insertIfAbsent(SCOPE, key,
                new StoredAnswer("f", 202, "application/json", "{\"status\":\"PENDING\"}", Instant.now().plusSeconds(60))));

        QuarkusTransaction.requiringNew().run(() -> store.recordRefusal(SCOPE, key,
                new StoredAnswer("f", 409, "application/problem+json", "{\"code\":\"INSUFFICIENT_POINTS\"}")));

        StoredAnswer answer = QuarkusTransaction.requiringNew().call(() -> store.find(SCOPE, key)).orElseThrow();
        assertEquals(409, answer.status(), "the refusal is the request's final answer: " + answer);
        assertNull(answer.provisionalUntil());
    }

    @Test
    void anotherRequestsRefusalReplacesNothing() {
        String key = "other-request-" + System.nanoTime();
        QuarkusTransaction.requiringNew().run(() -> store.insertIfAbsent(SCOPE, key,
                new StoredAnswer("f", 202, "application/json", "{\"status\":\"PENDING\"}", Instant.now().plusSeconds(60))));

        QuarkusTransaction.requiringNew().run(() -> store.recordRefusal(SCOPE, key,
                new StoredAnswer("other", 409, "application/problem+json", "{}")));

        assertEquals(202, QuarkusTransaction.requiringNew().call(() -> store.find(SCOPE, key)).orElseThrow().status());
    }
}
