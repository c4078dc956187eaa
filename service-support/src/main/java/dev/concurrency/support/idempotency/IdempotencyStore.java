package dev.concurrency.support.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** The {@code idempotency_record} table (each service's migrations create it). Joins the caller's transaction. */
@ApplicationScoped
public class IdempotencyStore {

    private static final String COLUMNS = "fingerprint, status_code, content_type, body, provisional_until";

    private final EntityManager em;

    IdempotencyStore(EntityManager em) {
        this.em = em;
    }

    public Optional<StoredAnswer> find(String scope, String key) {
        return read("SELECT " + COLUMNS + " FROM idempotency_record WHERE scope = ?1 AND idem_key = ?2", scope, key);
    }

    /** The recorded answer as last committed (a locking read, so it sees what a concurrent repeat just committed). */
    Optional<StoredAnswer> findLatest(String scope, String key) {
        return read("SELECT " + COLUMNS + " FROM idempotency_record WHERE scope = ?1 AND idem_key = ?2 LOCK IN SHARE MODE", scope, key);
    }

    /** Records the answer unless the key is recorded already (then false); never fails the transaction. */
    public boolean insertIfAbsent(String scope, String key, StoredAnswer answer) {
        return write("INSERT IGNORE", scope, key, answer, "") == 1;
    }

    /**
     * Records a refusal, in a transaction of its own after the request's work: inserted if the key is
     * new, and replacing only a provisional answer of the same request. A final answer recorded
     * meanwhile (a concurrent repeat's success) is never replaced.
     */
    public void recordRefusal(String scope, String key, StoredAnswer refusal) {
        String replaceable = "provisional_until IS NOT NULL AND fingerprint = VALUES(fingerprint)";
        // The assignments run left to right: provisional_until is tested by the others before it is cleared.
        write("INSERT", scope, key, refusal, " ON DUPLICATE KEY UPDATE "
                + "status_code = IF(" + replaceable + ", VALUES(status_code), status_code), "
                + "content_type = IF(" + replaceable + ", VALUES(content_type), content_type), "
                + "body = IF(" + replaceable + ", VALUES(body), body), "
                + "provisional_until = IF(" + replaceable + ", NULL, provisional_until)");
    }

    /** Records the request's final answer, replacing its provisional one (the request holds the key's lock). */
    void revise(String scope, String key, StoredAnswer answer) {
        write("INSERT", scope, key, answer, " ON DUPLICATE KEY UPDATE status_code = VALUES(status_code), "
                + "content_type = VALUES(content_type), body = VALUES(body), provisional_until = VALUES(provisional_until)");
    }

    private Optional<StoredAnswer> read(String sql, String scope, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, scope).setParameter(2, key).getResultList();
        return rows.stream().findFirst().map(r -> new StoredAnswer((String) r[0], ((Number) r[1]).intValue(), (String) r[2],
                (String) r[3], instant(r[4])));
    }

    /** A TIMESTAMP read by a native query: a Timestamp or a LocalDateTime, in the JVM's zone as it was written. */
    private static Instant instant(Object column) {
        return switch (column) {
            case null -> null;
            case Timestamp t -> t.toInstant();
            case LocalDateTime t -> t.atZone(ZoneId.systemDefault()).toInstant();
            case Instant t -> t;
            default -> throw new IllegalStateException("unexpected TIMESTAMP value " + column.getClass());
        };
    }

    private int write(String insert, String scope, String key, StoredAnswer answer, String onDuplicate) {
        return em.createNativeQuery(insert + " INTO idempotency_record (scope, idem_key, fingerprint, status_code, content_type, body, "
                        + "created_at, provisional_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" + onDuplicate)
                .setParameter(1, scope).setParameter(2, key).setParameter(3, answer.fingerprint())
                .setParameter(4, answer.status()).setParameter(5, answer.contentType()).setParameter(6, answer.body())
                .setParameter(7, Timestamp.from(Instant.now()))
                .setParameter(8, answer.provisionalUntil() == null ? null : Timestamp.from(answer.provisionalUntil()))
                .executeUpdate();
    }

    int purgeOlderThan(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM idempotency_record WHERE created_at < ?1 LIMIT 10000")
                .setParameter(1, Timestamp.from(cutoff)).executeUpdate();
    }
}
