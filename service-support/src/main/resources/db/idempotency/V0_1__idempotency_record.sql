-- service-support's own table, in every service's database (Flyway location db/idempotency, beside the
-- service's db/migration; version 0.1 sorts before any service's own migrations).
-- The first answer to each Idempotency-Key, per endpoint and path. A successful answer is written in the
-- same transaction as its effect, so an effect and its record exist together or not at all. Keys compare
-- byte for byte whatever the server's default collation: 'aB' and 'Ab' are different keys.
CREATE TABLE idempotency_record (
    scope             VARCHAR(200) NOT NULL,
    idem_key          VARCHAR(100) NOT NULL,
    fingerprint       CHAR(64)     NOT NULL,
    status_code       INT          NOT NULL,
    content_type      VARCHAR(100) NOT NULL,
    body              MEDIUMTEXT   NOT NULL,
    created_at        TIMESTAMP(6) NOT NULL,
    -- A provisional answer (an order still being paid) is reported to repeats as in progress until this time.
    provisional_until TIMESTAMP(6) NULL,
    PRIMARY KEY (scope, idem_key),
    KEY idempotency_record_created (created_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
