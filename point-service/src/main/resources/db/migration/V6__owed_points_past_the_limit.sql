-- The 1,000,000,000 limit applies to charges. Points owed to a member (a refund, a payout) are
-- never refused for it, so a balance may pass it that way; the application keeps the limit on charges.
ALTER TABLE member DROP CONSTRAINT member_balance_range;
ALTER TABLE member ADD CONSTRAINT member_balance_range CHECK (balance >= 0);
