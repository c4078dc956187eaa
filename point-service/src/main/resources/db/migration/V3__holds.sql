-- Points reserved by the other services (bids), idempotent on the caller's hold id. A release of a
-- hold that never arrived leaves a VOIDED tombstone under its id, so a late hold cannot land after it.
CREATE TABLE point_hold (
    hold_id         VARCHAR(100) NOT NULL,
    member_id       BIGINT       NULL,
    amount          BIGINT       NULL,
    status          VARCHAR(16)  NOT NULL,
    payee_member_id BIGINT       NULL,
    created_at      TIMESTAMP(6) NOT NULL,
    updated_at      TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (hold_id),
    KEY point_hold_member (member_id),
    CONSTRAINT point_hold_status CHECK (status IN ('HELD', 'RELEASED', 'CAPTURED', 'VOIDED')),
    CONSTRAINT point_hold_shape CHECK ((status = 'VOIDED' AND member_id IS NULL AND amount IS NULL)
        OR (status <> 'VOIDED' AND member_id IS NOT NULL AND amount > 0)),
    -- Only a capture names a payee, and a capture always does.
    CONSTRAINT point_hold_payee CHECK ((status = 'CAPTURED' AND payee_member_id IS NOT NULL)
        OR (status <> 'CAPTURED' AND payee_member_id IS NULL))
) ENGINE = InnoDB;
