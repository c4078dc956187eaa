-- The version the optimistic strategy (orders.concurrency-control=OPTIMISTIC_RETRY) checks and raises.
ALTER TABLE product ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
