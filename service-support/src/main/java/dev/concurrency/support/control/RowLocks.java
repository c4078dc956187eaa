package dev.concurrency.support.control;

import jakarta.persistence.EntityManager;

import java.util.Collection;

/**
 * {@code SELECT … FOR UPDATE} of rows by id, in id order, so that two transactions locking the same
 * rows cannot deadlock. Native SQL because Hibernate's MySQL dialect writes {@code FOR UPDATE OF},
 * which MariaDB does not know; this form works on both.
 */
public final class RowLocks {

    private RowLocks() {
    }

    /** Locks the rows of {@code table} with these ids until the transaction ends; returns how many exist. */
    public static int lock(EntityManager entityManager, String table, Collection<Long> ids) {
        return entityManager.createNativeQuery("SELECT id FROM " + table + " WHERE id IN (?1) ORDER BY id FOR UPDATE")
                .setParameter(1, ids).getResultList().size();
    }
}
