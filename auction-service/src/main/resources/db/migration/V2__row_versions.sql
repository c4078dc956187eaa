-- The version the optimistic strategy (auctions.concurrency-control=OPTIMISTIC_RETRY) checks and raises.
ALTER TABLE auction ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
