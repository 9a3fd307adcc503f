-- 0020-payment-attempts.sql — every charge of a card or mobile payment
-- (付款码) through a payment gateway, written before the gateway is asked and
-- again when it answers (src/payment-attempt.c), so a terminal that dies
-- between the charge and the sale's commit finds at its next start what the
-- customer may have paid, asks the gateway, and refunds or keeps it: never
-- charged twice, never a paid charge lost.
--   idempotency_key  "<sale global id>/<tender index>": what the gateway
--                    dedups on; asking again with it never charges again
--   state            requested  written before the gateway was asked
--                    approved   the gateway took the money (reference set)
--                    completed  … and the sale it pays for is stored (set in
--                               the sale's own transaction)
--                    declined   it refused; nothing was taken
--                    unknown    no answer (timeout, network, cancelled):
--                               to be asked again by key
--                    refunded   taken, then given back (a sale that never
--                               committed, found at reconciliation)
--   owner_pid        the process that charged: while it lives the attempt is
--                    its own (a split tender still being paid); reconciling
--                    leaves it alone
-- The payment code itself is never stored: it is a one-time bearer token.
-- Requested, unknown and approved attempts are open; one whose process is
-- gone is unreconciled (`mallposctl payments pending`) until the gateway is
-- asked about it. No CHECK (x IN (…)) of three or more values: the OR-chain.
CREATE TABLE payment_attempts (
  id              INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  sale_id         TEXT NOT NULL,
  tender_index    INTEGER NOT NULL CHECK (tender_index >= 0),
  gateway         TEXT NOT NULL,
  tender_type     TEXT NOT NULL CHECK (tender_type = 'bank_card' OR tender_type = 'mobile'),
  amount          INTEGER NOT NULL CHECK (amount > 0),
  state           TEXT NOT NULL CHECK (state = 'requested' OR state = 'approved'
                                       OR state = 'completed' OR state = 'declined'
                                       OR state = 'unknown' OR state = 'refunded'),
  reference       TEXT,
  detail          TEXT,
  owner_pid       INTEGER NOT NULL,
  requested_at    INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX payment_attempts_sale ON payment_attempts (sale_id);
CREATE INDEX payment_attempts_open ON payment_attempts (state)
  WHERE state = 'requested' OR state = 'unknown' OR state = 'approved';
CREATE TRIGGER payment_attempts_keep BEFORE DELETE ON payment_attempts
BEGIN
  SELECT RAISE (ABORT, 'a payment attempt is kept: it says what a customer was charged');
END;
