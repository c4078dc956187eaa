package dev.concurrency.support.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code idempotency_record} table (each service's V1 migration creates it). Joins the caller's transaction. */
@ApplicationScoped
public class IdempotencyStore {

    private final EntityManager em;

    IdempotencyStore(EntityManager em) {
        this.em = em;
    }

    Optional<StoredAnswer> find(String scope, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT fingerprint, status_code, content_type, body FROM idempotency_record WHERE scope = ?1 AND idem_key = ?2")
                .setParameter(1, scope).setParameter(2, key).getResultList();
        return rows.stream().findFirst().map(r -> new StoredAnswer((String) r[0], ((Number) r[1]).intValue(), (String) r[2], (String) r[3]));
    }

    /** Records the answer unless the key is recorded already (then false); never fails the transaction. */
    boolean insertIfAbsent(String scope, String key, StoredAnswer answer) {
        return write("INSERT IGNORE", scope, key, answer, "") == 1;
    }

    /** The recorded answer as last committed (a locking read, so it sees what a concurrent repeat just committed). */
    Optional<StoredAnswer> findLatest(String scope, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT fingerprint, status_code, content_type, body FROM idempotency_record "
                        + "WHERE scope = ?1 AND idem_key = ?2 LOCK IN SHARE MODE")
                .setParameter(1, scope).setParameter(2, key).getResultList();
        return rows.stream().findFirst().map(r -> new StoredAnswer((String) r[0], ((Number) r[1]).intValue(), (String) r[2], (String) r[3]));
    }

    /**
     * Records the answer, replacing a provisional one of the same request (a refusal has no effect
     * to protect, and a request that already has a final answer is replayed before it can be refused).
     */
    void upsert(String scope, String key, StoredAnswer answer) {
        write("INSERT", scope, key, answer, " ON DUPLICATE KEY UPDATE status_code = VALUES(status_code), "
                + "content_type = VALUES(content_type), body = VALUES(body)");
    }

    private int write(String insert, String scope, String key, StoredAnswer answer, String onDuplicate) {
        return em.createNativeQuery(insert + " INTO idempotency_record (scope, idem_key, fingerprint, status_code, content_type, body, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)" + onDuplicate)
                .setParameter(1, scope).setParameter(2, key).setParameter(3, answer.fingerprint())
                .setParameter(4, answer.status()).setParameter(5, answer.contentType()).setParameter(6, answer.body())
                .setParameter(7, Timestamp.from(Instant.now()))
                .executeUpdate();
    }

    int purgeOlderThan(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM idempotency_record WHERE created_at < ?1 LIMIT 10000")
                .setParameter(1, Timestamp.from(cutoff)).executeUpdate();
    }
}
