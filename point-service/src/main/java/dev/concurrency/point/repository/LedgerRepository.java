package dev.concurrency.point.repository;

import dev.concurrency.point.LedgerEntry;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The point ledger: appended to with every change, read newest first. */
@ApplicationScoped
public class LedgerRepository implements PanacheRepository<LedgerEntry> {

    /** Up to {@code limit} entries of the member older than {@code beforeId} (all if null), newest first. */
    public List<LedgerEntry> page(long memberId, Long beforeId, int limit) {
        var query = beforeId == null
                ? find("memberId = ?1 order by id desc", memberId)
                : find("memberId = ?1 and id < ?2 order by id desc", memberId, beforeId);
        return query.page(0, limit).list();
    }
}
