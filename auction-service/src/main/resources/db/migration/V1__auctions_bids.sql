-- Auctions. Bidding and closing are serialized by the auction's lock; fence_token is the token of
-- its newest holder, and the auction row is only written by a holder whose token is current.
CREATE TABLE auction (
    id                 BIGINT       NOT NULL AUTO_INCREMENT,
    seller_id          BIGINT       NOT NULL,
    title              VARCHAR(100) NOT NULL,
    start_price        BIGINT       NOT NULL,
    min_increment      BIGINT       NOT NULL,
    current_price      BIGINT       NOT NULL,
    highest_bidder_id  BIGINT       NULL,
    highest_bid_id     BIGINT       NULL,
    bid_count          INT          NOT NULL DEFAULT 0,
    status             VARCHAR(16)  NOT NULL,
    ends_at            TIMESTAMP(6) NOT NULL,
    winner_id          BIGINT       NULL,
    fence_token        BIGINT       NOT NULL DEFAULT 0,
    created_at         TIMESTAMP(6) NOT NULL,
    updated_at         TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    KEY auction_closing (status, ends_at),
    CONSTRAINT auction_status CHECK (status IN ('OPEN', 'CLOSED')),
    CONSTRAINT auction_prices CHECK (start_price >= 1 AND min_increment >= 1 AND current_price >= start_price)
) ENGINE = InnoDB;

-- Bids. A bid is HOLDING while its points are being held, then ACCEPTED or REJECTED.
-- previous_price is the price an accepted bid outbid: two bids can never both win from the same
-- price, even if every other guard failed (NULLs, i.e. bids not accepted, do not collide).
CREATE TABLE bid (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    auction_id     BIGINT       NOT NULL,
    bidder_id      BIGINT       NOT NULL,
    amount         BIGINT       NOT NULL,
    previous_price BIGINT       NULL,
    status         VARCHAR(16)  NOT NULL,
    created_at     TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY bid_outbids_once (auction_id, previous_price),
    KEY bid_status (status, created_at),
    CONSTRAINT bid_auction FOREIGN KEY (auction_id) REFERENCES auction (id),
    CONSTRAINT bid_status CHECK (status IN ('HOLDING', 'ACCEPTED', 'REJECTED')),
    CONSTRAINT bid_accepted_has_previous CHECK ((status = 'ACCEPTED') = (previous_price IS NOT NULL))
) ENGINE = InnoDB;

-- Work on point-service holds that must happen and must not be forgotten: releasing an outbid
-- bidder's hold, capturing the winner's. Written in the transaction that decides it, then done by
-- the worker until point-service confirms (both calls are idempotent on the hold id).
CREATE TABLE hold_task (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    hold_id          VARCHAR(100) NOT NULL,
    action           VARCHAR(16)  NOT NULL,
    payee_member_id  BIGINT       NULL,
    done             BOOLEAN      NOT NULL DEFAULT FALSE,
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP(6) NOT NULL,
    created_at       TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY hold_task_once (hold_id, action),
    KEY hold_task_due (done, next_attempt_at),
    CONSTRAINT hold_task_action CHECK (action IN ('RELEASE', 'CAPTURE'))
) ENGINE = InnoDB;

-- idempotency_record is service-support's (its db/idempotency location).
