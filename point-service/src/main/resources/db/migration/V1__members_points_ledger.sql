-- Members and their points. balance and held live on the member row, which the member lock
-- guards; fence_token is the fencing token of the newest lock holder that claimed the row.
CREATE TABLE member (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(50)  NOT NULL,
    balance     BIGINT       NOT NULL DEFAULT 0,
    held        BIGINT       NOT NULL DEFAULT 0,
    fence_token BIGINT       NOT NULL DEFAULT 0,
    created_at  TIMESTAMP(6) NOT NULL,
    updated_at  TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    -- The last line of defence: the database itself refuses negative or overflowing points.
    CONSTRAINT member_balance_range CHECK (balance >= 0 AND balance <= 1000000000),
    CONSTRAINT member_held_range CHECK (held >= 0 AND held <= balance)
) ENGINE = InnoDB;

-- Every change of a member's points, written in the same transaction as the change.
CREATE TABLE point_ledger (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    member_id     BIGINT       NOT NULL,
    type          VARCHAR(16)  NOT NULL,
    amount        BIGINT       NOT NULL,
    balance_after BIGINT       NOT NULL,
    held_after    BIGINT       NOT NULL,
    reference     VARCHAR(120) NULL,
    fence_token   BIGINT       NOT NULL,
    created_at    TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    KEY point_ledger_member (member_id, id),
    CONSTRAINT point_ledger_member_fk FOREIGN KEY (member_id) REFERENCES member (id),
    CONSTRAINT point_ledger_type CHECK (type IN ('CHARGE', 'USE', 'PAYMENT', 'REFUND', 'HOLD', 'RELEASE', 'CAPTURE', 'PAYOUT')),
    CONSTRAINT point_ledger_amount CHECK (amount > 0)
) ENGINE = InnoDB;

-- idempotency_record is service-support's (its db/idempotency location).
