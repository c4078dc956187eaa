-- Payments by the other services, idempotent on the caller's payment id. A refund of a payment
-- that never arrived leaves a VOIDED tombstone under its id, so a late payment cannot land after it.
CREATE TABLE payment (
    payment_id VARCHAR(100) NOT NULL,
    member_id  BIGINT       NULL,
    amount     BIGINT       NULL,
    status     VARCHAR(16)  NOT NULL,
    created_at TIMESTAMP(6) NOT NULL,
    updated_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (payment_id),
    KEY payment_member (member_id),
    CONSTRAINT payment_status CHECK (status IN ('PAID', 'REFUNDED', 'VOIDED')),
    CONSTRAINT payment_shape CHECK ((status = 'VOIDED' AND member_id IS NULL AND amount IS NULL)
        OR (status <> 'VOIDED' AND member_id IS NOT NULL AND amount > 0))
) ENGINE = InnoDB;
