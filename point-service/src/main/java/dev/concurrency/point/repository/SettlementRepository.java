package dev.concurrency.point.repository;

import dev.concurrency.point.Settlement;

/** What the settle-once protocol needs of a settlement's table (payments, holds). */
public interface SettlementRepository<E extends Settlement> {

    /** The row with this id, or null. */
    E byId(String id);

    /** Leaves a VOIDED tombstone unless a row with this id exists already; true if it did so. */
    boolean voidIfAbsent(String id);

    /** Inserts the row unless one with its id exists already (a void that slipped in); true if inserted. */
    boolean insertIfAbsent(E made);
}
