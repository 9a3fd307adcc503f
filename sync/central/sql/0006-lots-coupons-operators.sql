-- 0006-lots-coupons-operators.sql — what issue 13's last streams and IT's
-- chain command need at the centre.
--
-- points_lots: each terminal's points lots as its pushed ledger rows leave
-- them (rows carry the lot's local id and expiry: PROTOCOL.md 5.2), summed
-- in the push's transaction, so the `members` stream can say how much of a
-- member's points elsewhere expires when (5.5): a lot past its expiry is
-- not counted at another store, even before its own store pushes the
-- expiry.
CREATE TABLE points_lots (
  account    text NOT NULL,    -- "S001/T01#member:42"
  lot        bigint NOT NULL CHECK (lot >= 1),
  available  bigint NOT NULL,
  pending    bigint NOT NULL,
  expires_at bigint,           -- Unix seconds; NULL: never
  PRIMARY KEY (account, lot)
);

-- The coupons members hold, as their terminals last sent them beside a push
-- (a member's profile lists their coupons). A coupon's status only moves
-- forward from 'issued' (redeemed, expired or void stay), so a stale
-- profile never makes a used coupon usable again.
CREATE TABLE member_coupons (
  code       text PRIMARY KEY,
  uid        text NOT NULL,
  terminal   bigint NOT NULL REFERENCES terminals (id),
  template   text NOT NULL,
  status     text NOT NULL CHECK (status = 'issued' OR status = 'redeemed' OR status = 'expired'
                                  OR status = 'void'),
  valid_from bigint NOT NULL,
  valid_to   bigint NOT NULL
);
CREATE INDEX member_coupons_uid ON member_coupons (uid);

-- The prices stream carries the SKU's category, unit and extra barcodes.
ALTER TABLE prices
  ADD COLUMN category text,
  ADD COLUMN unit text CHECK (unit IS NULL OR unit = 'piece' OR unit = 'weight'),
  ADD COLUMN barcodes text[] NOT NULL DEFAULT '{}';

-- A training store (练习模式) is kept apart: its members and balances are
-- served only to training terminals, never to a store that sells.
ALTER TABLE terminals ADD COLUMN training boolean NOT NULL DEFAULT false;

-- People who act at the centre with a credential of a role, and what they
-- did. Only role 'security' clears a terminal's broken audit chain.
CREATE TABLE operators (
  name        text PRIMARY KEY,
  role        text NOT NULL CHECK (role = 'it' OR role = 'security'),
  secret_hash text NOT NULL,   -- SHA-256 of the operator's secret
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE audit (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  operator text NOT NULL,
  action   text NOT NULL,
  target   text NOT NULL,
  detail   text NOT NULL
);

-- A payload is kept as the terminal sent it (json: checked, stored as text),
-- not taken apart into jsonb: nothing at the centre queries inside it, and
-- converting every pushed payload was a large part of PostgreSQL's work in
-- a push (tests/bench/bench-sync-push.sh).
ALTER TABLE entries ALTER COLUMN payload TYPE json USING payload::json;
