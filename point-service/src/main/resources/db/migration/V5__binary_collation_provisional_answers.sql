-- Keys compare byte for byte whatever the server's default collation: Idempotency-Keys 'aB' and 'Ab',
-- or payment and hold ids differing only in case, are different keys.
ALTER TABLE member CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE point_ledger CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE payment CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE point_hold CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
