-- The version the optimistic strategy (points.concurrency-control=OPTIMISTIC_RETRY) checks and raises.
ALTER TABLE member ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
