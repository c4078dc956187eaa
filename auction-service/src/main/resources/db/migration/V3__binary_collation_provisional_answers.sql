-- Keys compare byte for byte whatever the server's default collation: Idempotency-Keys 'aB' and 'Ab',
-- or payment and hold ids differing only in case, are different keys.
ALTER TABLE auction CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE bid CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE hold_task CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
