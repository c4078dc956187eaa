-- The trace of the request that placed the order (a W3C traceparent), so that the recovery worker's later
-- attempts, in any replica, continue that trace.
ALTER TABLE orders ADD COLUMN trace_parent VARCHAR(55) NULL;
