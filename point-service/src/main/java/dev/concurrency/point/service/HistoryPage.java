package dev.concurrency.point.service;

import dev.concurrency.point.LedgerEntry;
import dev.concurrency.point.LedgerType;

import java.time.Instant;
import java.util.List;

/** One page of a member's point history, newest first; {@code nextCursor} is null on the last page. */
public record HistoryPage(List<Item> items, String nextCursor) {

    public record Item(long id, LedgerType type, long amount, long balanceAfter, String reference, Instant createdAt) {

        static Item of(LedgerEntry e) {
            return new Item(e.id, e.type, e.amount, e.balanceAfter, e.reference, e.createdAt);
        }
    }
}
