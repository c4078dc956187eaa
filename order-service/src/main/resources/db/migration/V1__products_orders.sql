-- Products and their stock. fence_token is the fencing token of the newest holder of the
-- product's lock that claimed the row; stock is only written by a holder whose token is current.
CREATE TABLE product (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(100) NOT NULL,
    price       BIGINT       NOT NULL,
    stock       BIGINT       NOT NULL,
    fence_token BIGINT       NOT NULL DEFAULT 0,
    created_at  TIMESTAMP(6) NOT NULL,
    updated_at  TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT product_price CHECK (price BETWEEN 1 AND 10000000),
    -- Never oversold, whatever else fails.
    CONSTRAINT product_stock CHECK (stock >= 0)
) ENGINE = InnoDB;

-- Orders and their saga. status is what clients see; saga_state is where the saga stands, so that
-- any replica can resume it after a crash (see OrderSaga).
CREATE TABLE orders (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    member_id       BIGINT       NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    saga_state      VARCHAR(16)  NOT NULL,
    total_amount    BIGINT       NOT NULL,
    failure_reason  VARCHAR(40)  NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP(6) NOT NULL,
    fence_token     BIGINT       NOT NULL DEFAULT 0,
    created_at      TIMESTAMP(6) NOT NULL,
    updated_at      TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    KEY orders_member (member_id, id),
    KEY orders_saga (saga_state, next_attempt_at),
    CONSTRAINT orders_status CHECK (status IN ('PENDING', 'COMPLETED', 'CANCELLED')),
    CONSTRAINT orders_saga_state CHECK (saga_state IN ('PAYING', 'REFUNDING', 'DONE'))
) ENGINE = InnoDB;

CREATE TABLE order_item (
    order_id   BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    quantity   INT    NOT NULL,
    unit_price BIGINT NOT NULL,
    PRIMARY KEY (order_id, product_id),
    CONSTRAINT order_item_order FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT order_item_quantity CHECK (quantity BETWEEN 1 AND 1000)
) ENGINE = InnoDB;

-- idempotency_record is service-support's (its db/idempotency location).
