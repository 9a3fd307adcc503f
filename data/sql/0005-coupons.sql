-- 0005-coupons.sql — coupons (优惠券): templates (批次) that define what a
-- coupon is worth and where it may be used, the coupons issued from them
-- (each with its own unique code, bound to a member or to whoever bears it),
-- the level benefits that issue them on a schedule, and an append-only
-- ledger of what happened to each coupon. A coupon's discount on a sale is
-- stored as line_adjustments of kind 'coupon' (source = the coupon's code),
-- allocated to the lines like any order-level discount.
-- Money is INTEGER fen, points INTEGER points, times INTEGER unix seconds.
-- Only new tables: nothing earlier is rebuilt.

-- ---- templates ---------------------------------------------------------------------
-- definition: the validated JSON document as imported (src/coupon.h), so the
-- centre and the terminal read the same rules; the columns repeat what
-- queries need.
CREATE TABLE coupon_templates (
  code         TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  type         TEXT NOT NULL CHECK (type IN ('amount', 'percent', 'gift')),
  points_price INTEGER NOT NULL DEFAULT 0 CHECK (points_price >= 0),
  definition   TEXT NOT NULL,
  updated_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- Level benefits: a member of `level_code` gets `quantity` coupons of
-- `template_code` once a month (monthly) or once a year in their birthday
-- month (birthday), from `mallposctl coupon run-benefits`.
CREATE TABLE coupon_benefits (
  level_code    TEXT NOT NULL REFERENCES member_levels (code),
  occasion      TEXT NOT NULL CHECK (occasion IN ('birthday', 'monthly')),
  template_code TEXT NOT NULL REFERENCES coupon_templates (code),
  quantity      INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100),
  PRIMARY KEY (level_code, occasion, template_code)
) WITHOUT ROWID;

-- ---- coupons -----------------------------------------------------------------------
-- member_id NULL: a bearer coupon (whoever shows the code may use it).
-- status: issued → redeemed (by one completed sale, redeemed_sale_id) →
-- issued again when a full return restores it; issued → expired (the daily
-- run, once valid_to has passed) or void (by hand, or with a refunded
-- top-up). A coupon is usable while issued and valid_from <= now < valid_to.
-- source_ref makes scheduled issues once-only per member
-- ('monthly:2026-11:T#1', 'birthday:2026:T#1', 'campaign:D11:T#1',
-- 'top_up:<id>#1'). issue_id is the business action that issued it.
CREATE TABLE coupons (
  code             TEXT PRIMARY KEY,
  template_code    TEXT NOT NULL REFERENCES coupon_templates (code),
  member_id        INTEGER REFERENCES members (id),
  status           TEXT NOT NULL DEFAULT 'issued'
                   CHECK (status IN ('issued', 'redeemed', 'expired', 'void')),
  valid_from       INTEGER NOT NULL,
  valid_to         INTEGER NOT NULL,
  issued_at        INTEGER NOT NULL,
  source           TEXT NOT NULL CHECK (source IN ('manual', 'campaign', 'birthday', 'monthly',
                     'exchange', 'top_up')),
  source_ref       TEXT,
  issue_id         TEXT NOT NULL,
  redeemed_sale_id TEXT REFERENCES sales (id),
  redeemed_at      INTEGER,
  status_at        INTEGER,
  CHECK (valid_to > valid_from),
  CHECK ((status = 'redeemed') = (redeemed_sale_id IS NOT NULL)),
  CHECK ((status = 'redeemed') = (redeemed_at IS NOT NULL))
) WITHOUT ROWID;
CREATE UNIQUE INDEX coupons_once ON coupons (member_id, source_ref) WHERE source_ref IS NOT NULL;
CREATE INDEX coupons_member ON coupons (member_id, status) WHERE member_id IS NOT NULL;
CREATE INDEX coupons_template ON coupons (template_code, member_id);
CREATE INDEX coupons_to_expire ON coupons (valid_to) WHERE status = 'issued';
CREATE INDEX coupons_sale ON coupons (redeemed_sale_id) WHERE redeemed_sale_id IS NOT NULL;

-- What a coupon is never changes; its status only moves along the arrows above.
CREATE TRIGGER coupons_fixed BEFORE UPDATE OF code, template_code, member_id, valid_from,
  valid_to, issued_at, source, source_ref, issue_id ON coupons
BEGIN
  SELECT RAISE (ABORT, 'a coupon''s code, template, member, validity and issue never change');
END;
CREATE TRIGGER coupons_status BEFORE UPDATE OF status ON coupons
WHEN old.status <> new.status AND (old.status || '>' || new.status) NOT IN ('issued>redeemed',
  'issued>expired', 'issued>void', 'redeemed>issued', 'redeemed>expired', 'expired>void')
BEGIN
  SELECT RAISE (ABORT, 'a coupon''s status cannot move that way');
END;
CREATE TRIGGER coupons_no_delete BEFORE DELETE ON coupons
BEGIN
  SELECT RAISE (ABORT, 'coupons are never deleted: void one instead');
END;

-- ---- the coupon ledger (append-only) -------------------------------------------------
-- One row per thing that happened to a coupon. action_id names the business
-- action (an issue, a sale, a return, a void, a run) and is the ref_id of
-- its journal entry. redeem: sale_id is the sale, amount the discount it
-- gave (fen); restore: sale_id is the return that gave it back, amount the
-- same discount. points: what an exchange paid for it.
CREATE TABLE coupon_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  code       TEXT NOT NULL REFERENCES coupons (code),
  kind       TEXT NOT NULL CHECK (kind IN ('issue', 'redeem', 'restore', 'expire', 'void')),
  action_id  TEXT NOT NULL,
  sale_id    TEXT REFERENCES sales (id),
  amount     INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
  points     INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
  actor      TEXT,
  reason     TEXT,
  created_at INTEGER NOT NULL,
  CHECK (kind NOT IN ('redeem', 'restore') OR sale_id IS NOT NULL)
);
CREATE INDEX coupon_events_code ON coupon_events (code, id);
CREATE INDEX coupon_events_sale ON coupon_events (sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX coupon_events_action ON coupon_events (action_id);

CREATE TRIGGER coupon_events_no_update BEFORE UPDATE ON coupon_events
BEGIN
  SELECT RAISE (ABORT, 'the coupon ledger is append-only');
END;
CREATE TRIGGER coupon_events_no_delete BEFORE DELETE ON coupon_events
BEGIN
  SELECT RAISE (ABORT, 'the coupon ledger is append-only');
END;
