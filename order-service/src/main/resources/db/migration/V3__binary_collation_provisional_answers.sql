-- Keys compare byte for byte whatever the server's default collation: Idempotency-Keys 'aB' and 'Ab',
-- or payment and hold ids differing only in case, are different keys.
ALTER TABLE product CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE orders CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE order_item CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE idempotency_record CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- A provisional answer (an order still being paid) is reported to repeats as in progress until this time.
ALTER TABLE idempotency_record ADD COLUMN provisional_until TIMESTAMP(6) NULL;
