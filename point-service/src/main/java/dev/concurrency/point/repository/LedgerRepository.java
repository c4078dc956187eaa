package dev.concurrency.point.repository;

import dev.concurrency.point.LedgerEntry;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Timestamp;
import java.util.List;

/** The point ledger: appended to with every change, read newest first. */
@ApplicationScoped
public class LedgerRepository implements PanacheRepository<LedgerEntry> {

    static final int ROWS_PER_INSERT = 500;

    /** Appends the entries with multi-row inserts (a combined batch's ledger in one or a few statements). */
    public void append(List<LedgerEntry> entries) {
        for (int from = 0; from < entries.size(); from += ROWS_PER_INSERT) {
            List<LedgerEntry> chunk = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder("INSERT INTO point_ledger "
                    + "(member_id, type, amount, balance_after, held_after, reference, fence_token, created_at) VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                int p = i * 8;
                sql.append(i == 0 ? "" : ", ").append("(?").append(p + 1).append(", ?").append(p + 2).append(", ?").append(p + 3)
                        .append(", ?").append(p + 4).append(", ?").append(p + 5).append(", ?").append(p + 6)
                        .append(", ?").append(p + 7).append(", ?").append(p + 8).append(')');
            }
            var insert = getEntityManager().createNativeQuery(sql.toString());
            for (int i = 0; i < chunk.size(); i++) {
                LedgerEntry e = chunk.get(i);
                int p = i * 8;
                insert.setParameter(p + 1, e.memberId).setParameter(p + 2, e.type.name()).setParameter(p + 3, e.amount)
                        .setParameter(p + 4, e.balanceAfter).setParameter(p + 5, e.heldAfter).setParameter(p + 6, e.reference)
                        .setParameter(p + 7, e.fenceToken).setParameter(p + 8, Timestamp.from(e.createdAt));
            }
            insert.executeUpdate();
        }
    }

    /** Up to {@code limit} entries of the member older than {@code beforeId} (all if null), newest first. */
    public List<LedgerEntry> page(long memberId, Long beforeId, int limit) {
        var query = beforeId == null
                ? find("memberId = ?1 order by id desc", memberId)
                : find("memberId = ?1 and id < ?2 order by id desc", memberId, beforeId);
        return query.page(0, limit).list();
    }
}
