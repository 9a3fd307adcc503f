-- 0025-baseline.sql — the store's schema as migrations 0001–0025 left it,
-- created directly. No store existed outside development when it replaced
-- them, so a store starts here (user_version 25) and later migrations
-- (0026-….sql) apply on top through the same runner (store.c). A store
-- from before the baseline is refused (MPOS_STORE_ERROR_TOO_OLD).
-- tests/unit/test-store-baseline.c proves this file makes the store the old
-- migrations made (tests/unit/data/store-baseline-25.txt).
--
-- Rules for every table here and in later migrations:
-- - No CHECK (x IN (a, b, c)) of three or more values: write the OR-chain
--   (x = 'a' OR x = 'b' OR x = 'c'). SQLite 3.40 builds a throw-away
--   b-tree for an IN list on every insert it checks.
-- - Money is INTEGER fen, points INTEGER; times INTEGER UTC seconds.
-- - Ledgers are append-only: a BEFORE UPDATE / DELETE trigger refuses.
-- - A migration that rewrites a hash-chained table (src/row-chain.c) reseals
--   it in store.c's migration_step; never edit sqlite_schema.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE categories (
  id        INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES categories (id),
  name      TEXT NOT NULL,
  path      TEXT NOT NULL UNIQUE
);

CREATE INDEX categories_parent ON categories (parent_id);

CREATE TABLE products (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES categories (id),
  unit        TEXT NOT NULL CHECK (unit IN ('piece', 'weight')),
  tax_rate_bp INTEGER NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  pinyin      TEXT NOT NULL DEFAULT ''
);

CREATE INDEX products_category ON products (category_id);

CREATE INDEX products_pinyin ON products (pinyin);

CREATE TABLE skus (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  product_id INTEGER NOT NULL REFERENCES products (id),
  spec       TEXT NOT NULL DEFAULT '',
  plu        TEXT UNIQUE,
  stock_qty  INTEGER NOT NULL DEFAULT 0,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE INDEX skus_product ON skus (product_id);

CREATE TABLE barcodes (
  code   TEXT PRIMARY KEY,
  sku_id INTEGER NOT NULL REFERENCES skus (id)
) WITHOUT ROWID;

CREATE INDEX barcodes_sku ON barcodes (sku_id);

-- level_code NULL is the list price; otherwise the member price of that level.
CREATE TABLE prices (
  id             INTEGER PRIMARY KEY,
  sku_id         INTEGER NOT NULL REFERENCES skus (id),
  level_code     TEXT,
  price          INTEGER NOT NULL CHECK (price >= 0),
  effective_from INTEGER NOT NULL DEFAULT 0,
  effective_to   INTEGER,
  created_at     INTEGER NOT NULL,
  source         TEXT NOT NULL DEFAULT 'catalog' CHECK (source IN ('catalog', 'schedule')),
  CHECK (effective_to IS NULL OR effective_to > effective_from)
);

CREATE INDEX prices_lookup ON prices (sku_id, level_code, effective_from);

CREATE TABLE member_levels (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  rank INTEGER NOT NULL DEFAULT 0,
  points_multiplier_bp INTEGER NOT NULL DEFAULT 10000
    CHECK (points_multiplier_bp BETWEEN 0 AND 100000),
  birthday_points_multiplier_bp INTEGER NOT NULL DEFAULT 10000
    CHECK (birthday_points_multiplier_bp BETWEEN 0 AND 100000),
  birthday_bonus_points INTEGER NOT NULL DEFAULT 0 CHECK (birthday_bonus_points >= 0),
  upgrade_spend INTEGER CHECK (upgrade_spend > 0),
  upgrade_points INTEGER CHECK (upgrade_points > 0),
  upgrade_top_up INTEGER CHECK (upgrade_top_up > 0),
  retain_spend INTEGER CHECK (retain_spend > 0),
  retain_points INTEGER CHECK (retain_points > 0),
  retain_top_up INTEGER CHECK (retain_top_up > 0)
) WITHOUT ROWID;

CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  card_no TEXT UNIQUE,
  phone TEXT UNIQUE,
  name TEXT NOT NULL,
  level_code TEXT NOT NULL REFERENCES member_levels (code),
  created_at INTEGER NOT NULL,
  uid TEXT,
  birthday TEXT CHECK (birthday IS NULL
    OR birthday GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  gender TEXT CHECK (gender IS NULL OR gender IN ('female', 'male')),
  referrer_id INTEGER REFERENCES members (id),
  group_code TEXT REFERENCES member_groups (code),
  qr_secret BLOB CHECK (qr_secret IS NULL OR length (qr_secret) = 32),
  level_since INTEGER,
  level_expires_at INTEGER,
  points_available INTEGER NOT NULL DEFAULT 0 CHECK (points_available >= 0),
  points_pending INTEGER NOT NULL DEFAULT 0 CHECK (points_pending >= 0),
  points_frozen INTEGER NOT NULL DEFAULT 0 CHECK (points_frozen IN (0, 1)),
  sv_principal INTEGER NOT NULL DEFAULT 0 CHECK (sv_principal >= 0),
  sv_bonus INTEGER NOT NULL DEFAULT 0 CHECK (sv_bonus >= 0)
);

CREATE TABLE promotions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type = 'time_discount' OR type = 'threshold' OR type = 'buy_x_get_y'),
  priority INTEGER NOT NULL DEFAULT 0,
  exclusive INTEGER NOT NULL DEFAULT 0 CHECK (exclusive IN (0, 1)),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  definition TEXT NOT NULL, -- the validated JSON document as imported
  CHECK (ends_at > starts_at)
) WITHOUT ROWID;

-- A sale or a return (kind). Totals are cached sums of the lines/tenders below;
-- `mallposctl check` proves them.
CREATE TABLE sales (
  id TEXT PRIMARY KEY,
  receipt_no TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('sale', 'return')),
  original_sale_id TEXT REFERENCES sales (id),
  status TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'pending_approval')),
  business_day TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  cashier TEXT NOT NULL,
  approved_by TEXT,
  member_id INTEGER REFERENCES members (id),
  member_level TEXT,
  item_count INTEGER NOT NULL,
  subtotal INTEGER NOT NULL,
  discount_total INTEGER NOT NULL,
  total INTEGER NOT NULL,
  tax_total INTEGER NOT NULL,
  rounding INTEGER NOT NULL DEFAULT 0,
  tendered INTEGER NOT NULL,
  change INTEGER NOT NULL CHECK (change >= 0),
  reason TEXT,
  tenders TEXT,
  lines TEXT
);

CREATE INDEX sales_day ON sales (business_day);

-- AUTOINCREMENT: an id is never reused, so a stale "resume 1" cannot sell
-- another cashier's parked sale.
CREATE TABLE suspended_carts (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  cashier    TEXT NOT NULL,
  note       TEXT,
  created_at INTEGER NOT NULL,
  cart       TEXT NOT NULL
);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT,
  action TEXT NOT NULL,
  ref TEXT,
  detail TEXT,
  approved_by TEXT
);

-- Product search: trigram full-text over name + spec (Chinese needs no
-- word splitting with trigrams), kept in step with the catalog by triggers.
CREATE VIRTUAL TABLE sku_search USING fts5 (text, tokenize = 'trigram');

CREATE TRIGGER skus_search_delete AFTER DELETE ON skus BEGIN
  DELETE FROM sku_search WHERE rowid = old.id;
END;

-- ---- groups (员工, 企业客户 …): a discount of their own ---------------------------
-- Pricing gives a member the larger of the level's and the group's discount.
CREATE TABLE member_groups (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000)
) WITHOUT ROWID;

-- ---- cards -----------------------------------------------------------------------
-- Every card a member ever held. Only an active card finds its member; a lost
-- or replaced one says so and names its replacement. Balances belong to the
-- member, never to a card, so replacing a card moves nothing.
CREATE TABLE member_cards (
  card_no TEXT PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id),
  kind TEXT NOT NULL CHECK (kind IN ('physical', 'virtual')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'lost'
    OR status = 'replaced'),
  replaced_by TEXT REFERENCES member_cards (card_no),
  created_at INTEGER NOT NULL,
  status_at INTEGER,
  CHECK (status <> 'replaced' OR replaced_by IS NOT NULL),
  CHECK (status <> 'active' OR replaced_by IS NULL)
) WITHOUT ROWID;

CREATE INDEX member_cards_member ON member_cards (member_id, status);

CREATE UNIQUE INDEX members_uid ON members (uid);

-- Lookup by the last four digits of the phone (choose from the matches).
CREATE INDEX members_phone_tail ON members (substr (phone, -4)) WHERE phone IS NOT NULL;

CREATE INDEX members_referrer ON members (referrer_id) WHERE referrer_id IS NOT NULL;

-- Spend per member in a period: level rules and tags.
CREATE INDEX sales_member ON sales (member_id, created_at) WHERE member_id IS NOT NULL;

-- Writers that give only a member's card, phone and name (an import, a raw
-- fixture) keep working: their card moves to member_cards and the member gets
-- the uid and secret that ADD COLUMN could not give as a default.
CREATE TRIGGER members_insert_defaults AFTER INSERT ON members
WHEN new.card_no IS NOT NULL OR new.uid IS NULL OR new.qr_secret IS NULL
BEGIN
  INSERT INTO member_cards (card_no, member_id, kind, status, created_at)
    SELECT new.card_no, new.id, 'physical', 'active', new.created_at WHERE new.card_no IS NOT NULL;
  UPDATE members SET card_no = NULL, qr_secret = coalesce (qr_secret, randomblob (32)),
    uid = coalesce (uid, lower (hex (randomblob (16)))),
    level_since = coalesce (level_since, created_at)
    WHERE id = new.id;
  UPDATE members SET uid = substr (uid, 1, 8) || '-' || substr (uid, 9, 4) || '-4'
    || substr (uid, 14, 3) || '-' || substr ('89ab', 1 + (unicode (substr (uid, 17, 1)) % 4), 1)
    || substr (uid, 18, 3) || '-' || substr (uid, 21, 12)
    WHERE id = new.id AND length (uid) = 32;
END;

-- ---- points lots -----------------------------------------------------------------
-- Points are earned in lots. `remaining` is a cache of the sum of the lot's
-- ledger rows; a lot's points count as pending or available by its status.
-- `ref` makes once-only grants idempotent ('registration', 'birthday:2026',
-- 'referral:17'). expires_at NULL: never expires.
CREATE TABLE points_lots (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id),
  source TEXT NOT NULL CHECK (source = 'sale' OR source = 'registration' OR source = 'birthday'
    OR source = 'referral' OR source = 'review' OR source = 'adjustment' OR source = 'campaign'
    OR source = 'exchange' OR source = 'transfer'),
  status TEXT NOT NULL CHECK (status = 'pending' OR status = 'confirmed' OR status = 'rejected'),
  earned INTEGER NOT NULL CHECK (earned > 0),
  remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= earned),
  earned_at INTEGER NOT NULL,
  confirm_at INTEGER,
  expires_at INTEGER,
  sale_id TEXT REFERENCES sales (id),
  ref TEXT,
  CHECK (status <> 'pending' OR confirm_at IS NOT NULL),
  CHECK (status <> 'rejected' OR remaining = 0)
);

CREATE UNIQUE INDEX points_lots_ref ON points_lots (member_id, ref) WHERE ref IS NOT NULL;

CREATE INDEX points_lots_to_confirm ON points_lots (confirm_at) WHERE status = 'pending';

-- What a lot is cannot change; its status only moves pending → confirmed or
-- rejected.
CREATE TRIGGER points_lots_fixed BEFORE UPDATE OF id, member_id, source, earned, earned_at,
  expires_at, sale_id, ref ON points_lots
BEGIN
  SELECT RAISE (ABORT, 'a points lot''s member, source, points and expiry never change');
END;

CREATE TRIGGER points_lots_status BEFORE UPDATE OF status ON points_lots
WHEN old.status <> new.status AND NOT (old.status = 'pending' AND new.status IN ('confirmed', 'rejected'))
BEGIN
  SELECT RAISE (ABORT, 'a points lot''s status only moves from pending to confirmed or rejected');
END;

CREATE TRIGGER points_lots_no_delete BEFORE DELETE ON points_lots
BEGIN
  SELECT RAISE (ABORT, 'points lots are never deleted');
END;

-- ---- stored value ----------------------------------------------------------------
-- A top-up, or the refund of one (kind 'refund', original_id): its own
-- business action with a receipt number, paid in cash, bank card or mobile.
-- principal/bonus are what it added (negative for a refund).
CREATE TABLE sv_top_ups (
  id TEXT PRIMARY KEY,
  receipt_no TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('top_up', 'refund')),
  original_id TEXT REFERENCES sv_top_ups (id),
  member_id INTEGER NOT NULL REFERENCES members (id),
  principal INTEGER NOT NULL,
  bonus INTEGER NOT NULL,
  tier TEXT,
  tender_type TEXT NOT NULL CHECK (tender_type = 'cash' OR tender_type = 'bank_card'
    OR tender_type = 'mobile'),
  reference TEXT,
  provider TEXT,
  business_day TEXT NOT NULL,
  cashier TEXT NOT NULL,
  approved_by TEXT,
  reason TEXT,
  created_at INTEGER NOT NULL,
  CHECK ((kind = 'top_up' AND original_id IS NULL AND principal > 0 AND bonus >= 0)
    OR (kind = 'refund' AND original_id IS NOT NULL AND principal <= 0 AND bonus <= 0))
) WITHOUT ROWID;

CREATE INDEX sv_top_ups_member ON sv_top_ups (member_id, created_at);

CREATE INDEX sv_top_ups_day ON sv_top_ups (business_day);

CREATE TRIGGER sv_top_ups_no_update BEFORE UPDATE ON sv_top_ups
BEGIN
  SELECT RAISE (ABORT, 'top-ups are never changed: refund one instead');
END;

CREATE TRIGGER sv_top_ups_no_delete BEFORE DELETE ON sv_top_ups
BEGIN
  SELECT RAISE (ABORT, 'top-ups are never deleted');
END;

-- The member's payment PIN: an argon2id hash (libsodium crypto_pwhash_str),
-- never the PIN. failures persist across sales and restarts; locked_at is set
-- at the configured number of failures and cleared by a supervisor.
CREATE TABLE payment_pins (
  member_id  INTEGER PRIMARY KEY REFERENCES members (id),
  hash       TEXT NOT NULL,
  failures   INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_at  INTEGER,
  updated_at INTEGER NOT NULL
);

CREATE INDEX sales_original ON sales (original_sale_id) WHERE original_sale_id IS NOT NULL;

-- ---- templates ---------------------------------------------------------------------
-- definition: the validated JSON document as imported (src/coupon.h), so the
-- centre and the terminal read the same rules; the columns repeat what
-- queries need.
CREATE TABLE coupon_templates (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type = 'amount' OR type = 'percent' OR type = 'gift'),
  points_price INTEGER NOT NULL DEFAULT 0 CHECK (points_price >= 0),
  definition TEXT NOT NULL,
  updated_at INTEGER NOT NULL
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
  code TEXT PRIMARY KEY,
  template_code TEXT NOT NULL REFERENCES coupon_templates (code),
  member_id INTEGER REFERENCES members (id),
  status TEXT NOT NULL DEFAULT 'issued' CHECK (status = 'issued' OR status = 'redeemed'
    OR status = 'expired' OR status = 'void'),
  valid_from INTEGER NOT NULL,
  valid_to INTEGER NOT NULL,
  issued_at INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source = 'manual' OR source = 'campaign' OR source = 'birthday'
    OR source = 'monthly' OR source = 'exchange' OR source = 'top_up'),
  source_ref TEXT,
  issue_id TEXT NOT NULL,
  redeemed_sale_id TEXT REFERENCES sales (id),
  redeemed_at INTEGER,
  status_at INTEGER,
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
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL REFERENCES coupons (code),
  kind TEXT NOT NULL CHECK (kind = 'issue' OR kind = 'redeem' OR kind = 'restore'
    OR kind = 'expire' OR kind = 'void'),
  action_id TEXT NOT NULL,
  sale_id TEXT REFERENCES sales (id),
  amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
  points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
  actor TEXT,
  reason TEXT,
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

-- ---- card types ------------------------------------------------------------------
-- A card type is sold by exactly one SKU (tax 0%: VAT is due when the card
-- is spent, not when it is sold) whose list price is the face value.
-- valid_days NULL: the card never expires; else it expires that many days
-- after activation.
CREATE TABLE gift_card_types (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  sku_id     INTEGER NOT NULL UNIQUE REFERENCES skus (id),
  face_value INTEGER NOT NULL CHECK (face_value > 0),
  valid_days INTEGER CHECK (valid_days IS NULL OR valid_days > 0),
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- ---- cards -----------------------------------------------------------------------
-- status: inactive (in stock, worth nothing) → active (sold; sale_id is the
-- sale that activated it) → inactive again only when that sale's card line
-- is returned unused. hold: frozen (fraud, stolen stock) or lost (挂失, a
-- registered card only): no spend, redeem, transfer or sale while held.
-- balance is a cache of the card's ledger (`mallposctl check` proves it).
-- PIN failures persist; locked_at is set at the fifth and cleared by a
-- supervisor.
CREATE TABLE gift_cards (
  id           INTEGER PRIMARY KEY,
  serial       TEXT NOT NULL UNIQUE,
  type_code    TEXT NOT NULL REFERENCES gift_card_types (code),
  face_value   INTEGER NOT NULL CHECK (face_value > 0),
  pin_hash     TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'inactive' CHECK (status IN ('inactive', 'active')),
  hold         TEXT CHECK (hold IS NULL OR hold IN ('frozen', 'lost')),
  balance      INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0),
  member_id    INTEGER REFERENCES members (id),
  sale_id      TEXT REFERENCES sales (id),
  activated_at INTEGER,
  expires_at   INTEGER,
  pin_failures INTEGER NOT NULL DEFAULT 0 CHECK (pin_failures >= 0),
  locked_at    INTEGER,
  batch        TEXT,
  imported_at  INTEGER NOT NULL,
  CHECK (status = 'active' OR (balance = 0 AND member_id IS NULL AND sale_id IS NULL
                               AND activated_at IS NULL AND expires_at IS NULL)),
  CHECK (status = 'inactive' OR (sale_id IS NOT NULL AND activated_at IS NOT NULL)),
  CHECK (hold IS NOT 'lost' OR member_id IS NOT NULL)
);

CREATE INDEX gift_cards_member ON gift_cards (member_id) WHERE member_id IS NOT NULL;

CREATE INDEX gift_cards_type ON gift_cards (type_code, status);

CREATE TRIGGER gift_cards_fixed BEFORE UPDATE OF id, serial, type_code, face_value, pin_hash,
  batch, imported_at ON gift_cards
BEGIN
  SELECT RAISE (ABORT, 'a gift card''s serial, type, face value and secret never change');
END;

CREATE TRIGGER gift_cards_no_delete BEFORE DELETE ON gift_cards
BEGIN
  SELECT RAISE (ABORT, 'gift cards are never deleted');
END;

-- ---- the card ledger (append-only) -------------------------------------------------
-- One row per movement or event of a card. amount moves the balance:
--   activate   +face value, in the sale (sale_id, line_no) that sold it
--   deactivate −face value, in the return (sale_id, line_no) of that line;
--              corrects the activation
--   spend      −, a tender (sale_id, tender_seq) of a sale
--   refund     +, a refund tender (sale_id, tender_seq) of a return;
--              corrects the spend it gives back
--   redeem     −the whole balance, into member_id's stored value
-- and, with amount 0: register / transfer (member_id: the new owner),
-- freeze / lost / unfreeze (reason). action_id names the business action
-- and is the ref_id of its journal entry.
CREATE TABLE gift_card_ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  card_id INTEGER NOT NULL REFERENCES gift_cards (id),
  kind TEXT NOT NULL CHECK (kind = 'activate' OR kind = 'deactivate' OR kind = 'spend'
    OR kind = 'refund' OR kind = 'redeem' OR kind = 'register' OR kind = 'transfer'
    OR kind = 'freeze' OR kind = 'lost' OR kind = 'unfreeze'),
  amount INTEGER NOT NULL,
  action_id TEXT NOT NULL,
  sale_id TEXT REFERENCES sales (id),
  line_no INTEGER,
  tender_seq INTEGER,
  member_id INTEGER REFERENCES members (id),
  corrects INTEGER REFERENCES gift_card_ledger (id),
  reason TEXT,
  actor TEXT,
  approved_by TEXT,
  created_at INTEGER NOT NULL,
  CHECK ((kind = 'activate' OR kind = 'deactivate' OR kind = 'spend' OR kind = 'refund'
    OR kind = 'redeem') OR amount = 0),
  CHECK (kind <> 'activate' OR (amount > 0 AND sale_id IS NOT NULL AND line_no IS NOT NULL)),
  CHECK (kind <> 'deactivate'
    OR (amount < 0 AND sale_id IS NOT NULL AND line_no IS NOT NULL AND corrects IS NOT NULL)),
  CHECK (kind <> 'spend' OR (amount < 0 AND sale_id IS NOT NULL AND tender_seq IS NOT NULL)),
  CHECK (kind <> 'refund'
    OR (amount > 0 AND sale_id IS NOT NULL AND tender_seq IS NOT NULL AND corrects IS NOT NULL)),
  CHECK (kind <> 'redeem' OR (amount < 0 AND member_id IS NOT NULL)),
  CHECK (kind NOT IN ('register', 'transfer') OR member_id IS NOT NULL)
);

CREATE INDEX gift_card_ledger_card ON gift_card_ledger (card_id, id);

CREATE INDEX gift_card_ledger_sale ON gift_card_ledger (sale_id) WHERE sale_id IS NOT NULL;

CREATE INDEX gift_card_ledger_action ON gift_card_ledger (action_id);

CREATE TRIGGER gift_card_ledger_no_update BEFORE UPDATE ON gift_card_ledger
BEGIN
  SELECT RAISE (ABORT, 'the gift card ledger is append-only: correct it with a new entry');
END;

CREATE TRIGGER gift_card_ledger_no_delete BEFORE DELETE ON gift_card_ledger
BEGIN
  SELECT RAISE (ABORT, 'the gift card ledger is append-only: correct it with a new entry');
END;

-- What an item gives. 'gift' (a physical gift handed over at the desk) now;
-- another kind (a coupon, src/coupon*.c) is added by inserting its row here,
-- with the item's `ref` naming what it gives (the coupon template's code).
CREATE TABLE exchange_item_kinds (
  kind TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;

-- stock is a cache of the item's stock movements (`mallposctl check`).
-- starts_at/ends_at NULL: no bound. per_member_limit NULL: no limit (net of
-- cancellations, over the item's life).
CREATE TABLE exchange_items (
  code             TEXT PRIMARY KEY,
  kind             TEXT NOT NULL REFERENCES exchange_item_kinds (kind),
  ref              TEXT,
  name             TEXT NOT NULL,
  points           INTEGER NOT NULL CHECK (points > 0),
  cash             INTEGER NOT NULL DEFAULT 0 CHECK (cash >= 0),
  stock            INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  per_member_limit INTEGER CHECK (per_member_limit IS NULL OR per_member_limit > 0),
  starts_at        INTEGER,
  ends_at          INTEGER,
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_at       INTEGER NOT NULL,
  CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at)
) WITHOUT ROWID;

-- kind: exchange (points, qty and cash positive) or cancel (of original_id,
-- all three negative: what it gives back). tender_type is how the cash part
-- was paid (NULL when there is none).
CREATE TABLE points_exchanges (
  id TEXT PRIMARY KEY,
  receipt_no TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('exchange', 'cancel')),
  original_id TEXT REFERENCES points_exchanges (id),
  member_id INTEGER NOT NULL REFERENCES members (id),
  item_code TEXT NOT NULL REFERENCES exchange_items (code),
  qty INTEGER NOT NULL,
  points INTEGER NOT NULL,
  cash INTEGER NOT NULL,
  tender_type TEXT CHECK (tender_type IS NULL OR (tender_type = 'cash'
    OR tender_type = 'bank_card' OR tender_type = 'mobile')),
  reference TEXT,
  provider TEXT,
  business_day TEXT NOT NULL,
  cashier TEXT NOT NULL,
  approved_by TEXT,
  reason TEXT,
  created_at INTEGER NOT NULL,
  CHECK ((kind = 'exchange' AND original_id IS NULL AND qty > 0 AND points > 0 AND cash >= 0)
    OR (kind = 'cancel' AND original_id IS NOT NULL AND qty < 0 AND points < 0 AND cash <= 0)),
  CHECK ((cash = 0) = (tender_type IS NULL))
) WITHOUT ROWID;

CREATE UNIQUE INDEX points_exchanges_one_cancel ON points_exchanges (original_id)
  WHERE kind = 'cancel';

CREATE INDEX points_exchanges_member ON points_exchanges (member_id, item_code);

CREATE INDEX points_exchanges_day ON points_exchanges (business_day);

CREATE TRIGGER points_exchanges_no_update BEFORE UPDATE ON points_exchanges
BEGIN
  SELECT RAISE (ABORT, 'exchanges are never changed: cancel one instead');
END;

CREATE TRIGGER points_exchanges_no_delete BEFORE DELETE ON points_exchanges
BEGIN
  SELECT RAISE (ABORT, 'exchanges are never deleted');
END;

-- The items' stock movements: import (a new stock level: the difference),
-- exchange (−qty), cancel (+qty).
CREATE TABLE exchange_stock (
  id INTEGER PRIMARY KEY,
  item_code TEXT NOT NULL REFERENCES exchange_items (code),
  qty INTEGER NOT NULL CHECK (qty <> 0),
  reason TEXT NOT NULL CHECK (reason = 'import' OR reason = 'exchange' OR reason = 'cancel'),
  exchange_id TEXT REFERENCES points_exchanges (id),
  created_at INTEGER NOT NULL,
  CHECK ((reason = 'import') = (exchange_id IS NULL))
);

CREATE INDEX exchange_stock_item ON exchange_stock (item_code);

CREATE INDEX exchange_stock_exchange ON exchange_stock (exchange_id) WHERE exchange_id IS NOT NULL;

CREATE TRIGGER exchange_stock_no_update BEFORE UPDATE ON exchange_stock
BEGIN
  SELECT RAISE (ABORT, 'stock movements are append-only');
END;

CREATE TRIGGER exchange_stock_no_delete BEFORE DELETE ON exchange_stock
BEGIN
  SELECT RAISE (ABORT, 'stock movements are append-only');
END;

-- Burn order: oldest expiry first (never-expiring lots last), then oldest lot.
CREATE INDEX points_lots_open ON points_lots (member_id, coalesce (expires_at, 9223372036854775807), id)
  WHERE remaining > 0 AND status = 'confirmed';

CREATE TABLE stock_movements (
  id         INTEGER PRIMARY KEY,
  sku_id     INTEGER NOT NULL REFERENCES skus (id),
  qty        INTEGER NOT NULL,
  reason     TEXT NOT NULL
             CHECK (reason = 'import' OR reason = 'sale' OR reason = 'return' OR reason = 'adjust'),
  ref        TEXT,
  created_at INTEGER NOT NULL
);

CREATE VIEW tenders (sale_id, seq, type, amount, reference, provider, original_seq) AS
  SELECT s.id, t.value ->> 0, t.value ->> 1, t.value ->> 2, t.value ->> 3, t.value ->> 4,
         t.value ->> 5
    FROM sales s, json_each (s.tenders) t
   WHERE s.tenders IS NOT NULL;

CREATE INDEX points_lots_expiry ON points_lots (expires_at) WHERE remaining > 0 AND status = 'confirmed';

-- ---- the points ledger (append-only) --------------------------------------------
-- One row per movement. `available` and `pending` are the changes to the two
-- balances (confirm: pending −n, available +n). lot_id is NULL only for
-- freeze/unfreeze. action_id names the business action (a sale or return id,
-- a top-up, an adjustment, a run) and is the ref_id of its journal entry;
-- `corrects` points at the row a restore or reversal corrects.
CREATE TABLE points_ledger (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id),
  lot_id INTEGER REFERENCES points_lots (id),
  kind TEXT NOT NULL CHECK (kind = 'earn' OR kind = 'confirm' OR kind = 'reject'
    OR kind = 'burn' OR kind = 'restore' OR kind = 'reverse' OR kind = 'expire'
    OR kind = 'adjust' OR kind = 'freeze' OR kind = 'unfreeze' OR kind = 'transfer_out'
    OR kind = 'transfer_in'),
  available INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0,
  action_id TEXT NOT NULL,
  sale_id TEXT REFERENCES sales (id),
  corrects INTEGER REFERENCES points_ledger (id),
  reason TEXT,
  actor TEXT,
  approved_by TEXT,
  created_at INTEGER NOT NULL,
  CHECK (lot_id IS NOT NULL OR kind IN ('freeze', 'unfreeze'))
);

CREATE INDEX points_ledger_member ON points_ledger (member_id, id);

CREATE INDEX points_ledger_corrects ON points_ledger (corrects) WHERE corrects IS NOT NULL;

CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
BEGIN
  SELECT RAISE (ABORT, 'the points ledger is append-only: correct it with a new entry');
END;

CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN
  SELECT RAISE (ABORT, 'the points ledger is append-only: correct it with a new entry');
END;

-- ---- stored value: redemption of a gift card ---------------------------------------
-- Kind 'gift_card' (principal > 0, bonus 0, the card in gift_card_id) is a
-- redeemed gift card. Redeemed card money is principal: real money the store
-- holds; it has no top-up record, so `refund-top-up` never pays it out.
CREATE TABLE sv_ledger (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id),
  kind TEXT NOT NULL CHECK (kind = 'top_up' OR kind = 'spend' OR kind = 'refund'
    OR kind = 'top_up_refund' OR kind = 'gift_card'),
  principal INTEGER NOT NULL,
  bonus INTEGER NOT NULL,
  action_id TEXT NOT NULL,
  sale_id TEXT REFERENCES sales (id),
  top_up_id TEXT REFERENCES sv_top_ups (id),
  corrects INTEGER REFERENCES sv_ledger (id),
  created_at INTEGER NOT NULL,
  gift_card_id INTEGER REFERENCES gift_cards (id),
  CHECK (kind NOT IN ('spend', 'refund') OR sale_id IS NOT NULL),
  CHECK (kind NOT IN ('top_up', 'top_up_refund') OR top_up_id IS NOT NULL),
  CHECK (kind <> 'gift_card' OR (gift_card_id IS NOT NULL AND principal > 0 AND bonus = 0))
);

CREATE INDEX sv_ledger_member ON sv_ledger (member_id, id);

CREATE INDEX sv_ledger_gift_card ON sv_ledger (gift_card_id) WHERE gift_card_id IS NOT NULL;

CREATE TRIGGER sv_ledger_no_update BEFORE UPDATE ON sv_ledger
BEGIN
  SELECT RAISE (ABORT, 'the stored-value ledger is append-only: correct it with a new entry');
END;

CREATE TRIGGER sv_ledger_no_delete BEFORE DELETE ON sv_ledger
BEGIN
  SELECT RAISE (ABORT, 'the stored-value ledger is append-only: correct it with a new entry');
END;

-- The sync outbox: one entry per business action, seq is the terminal's
-- contiguous sequence (AUTOINCREMENT: a rolled-back action leaves no gap).
CREATE TABLE journal (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL,
  kind       TEXT NOT NULL,
  ref_id     TEXT NOT NULL,
  payload    TEXT,
  created_at INTEGER NOT NULL
);

CREATE TRIGGER sales_lines_written_once BEFORE UPDATE OF lines ON sales
  WHEN OLD.lines IS NOT NULL
BEGIN
  SELECT RAISE (ABORT, 'a sale''s lines never change once written');
END;

-- A sale's lines live in sales.lines (a JSON array, one array per line, its
-- slots in src/sale-line-slots.h); sale_lines, line_adjustments and
-- loyalty_lines are views with the columns reports and checks read:
-- adjustments are the line's steps from gross to net as [kind, source,
-- label, amount] (fen, negative for a discount), NULL when it has none;
-- points_burnt … points_earned its share of the sale's points and stored
-- value, all NULL when the sale moved none.
CREATE VIEW sale_lines (sale_id, line_no, sku_id, code, name, weighed, qty, unit_price, gross,
                        net, tax, tax_rate_bp, original_line_no, adjustments, points_burnt,
                        points_value, sv_principal, sv_bonus, points_earned) AS
  SELECT s.id, l.value ->> 0, l.value ->> 1, l.value ->> 2, l.value ->> 3, l.value ->> 4,
         l.value ->> 5, l.value ->> 6, l.value ->> 7, l.value ->> 8, l.value ->> 9,
         l.value ->> 10, l.value ->> 11, l.value ->> 12, l.value ->> '$[13][0]',
         l.value ->> '$[13][1]', l.value ->> '$[13][2]', l.value ->> '$[13][3]',
         l.value ->> '$[13][4]'
    FROM sales s, json_each (s.lines) l
   WHERE s.lines IS NOT NULL;

-- Every step between gross and net of a line, order-level discounts
-- included after their largest-remainder allocation.
CREATE VIEW line_adjustments (sale_id, line_no, seq, kind, source, label, amount) AS
  SELECT l.sale_id, l.line_no, a.key + 1, a.value ->> 0, a.value ->> 1, a.value ->> 2,
         a.value ->> 3
    FROM sale_lines l, json_each (l.adjustments) a
   WHERE l.adjustments IS NOT NULL;

-- ---- a sale's loyalty, line by line -------------------------------------------
-- For a sale: what each line consumed of the points burn (points and their
-- value in fen) and of the stored-value spend (principal, bonus), and the
-- points it earned; each allocated by largest remainder at sale time. For a
-- return: the same, negative, for the return's lines — exactly what they
-- give back and take back.
CREATE VIEW loyalty_lines (sale_id, line_no, points_burnt, points_value, sv_principal, sv_bonus,
                           points_earned) AS
  SELECT sale_id, line_no, points_burnt, points_value, sv_principal, sv_bonus, points_earned
    FROM sale_lines
   WHERE points_earned IS NOT NULL;

CREATE INDEX points_ledger_action ON points_ledger (action_id);

CREATE INDEX sv_ledger_action ON sv_ledger (action_id);

CREATE TABLE row_chain (
  seq      INTEGER PRIMARY KEY, -- 1, 2, 3, … with no gap
  tbl      TEXT NOT NULL,       -- the chained table
  row_key  NOT NULL,            -- the row's key there, as stored (integer or text)
  row_hash BLOB NOT NULL,       -- BLAKE2b-256 of the row's canonical encoding
  fields   BLOB NOT NULL,       -- 2 bytes per column: names the field that changed
  link     BLOB NOT NULL        -- BLAKE2b-256 chaining this link to the one before
);

CREATE TRIGGER row_chain_no_update BEFORE UPDATE ON row_chain
BEGIN
  SELECT RAISE (ABORT, 'the row chain is append-only');
END;

CREATE TRIGGER row_chain_no_delete BEFORE DELETE ON row_chain
BEGIN
  SELECT RAISE (ABORT, 'the row chain is append-only');
END;

CREATE TABLE sku_search_pending (
  sku_id INTEGER PRIMARY KEY,
  fresh  INTEGER NOT NULL CHECK (fresh IN (0, 1)) -- 1: no entry in sku_search yet
);

-- ON CONFLICT DO NOTHING rather than INSERT OR IGNORE: a trigger's OR
-- IGNORE gives way to the conflict policy of the statement that fired it.
CREATE TRIGGER skus_search_insert AFTER INSERT ON skus BEGIN
  INSERT INTO sku_search_pending (sku_id, fresh) VALUES (new.id, 1)
    ON CONFLICT (sku_id) DO NOTHING;
END;

CREATE TRIGGER skus_search_update AFTER UPDATE OF spec, product_id ON skus
WHEN old.spec IS NOT new.spec OR old.product_id IS NOT new.product_id BEGIN
  INSERT INTO sku_search_pending (sku_id, fresh) VALUES (new.id, 0)
    ON CONFLICT (sku_id) DO NOTHING;
END;

CREATE TRIGGER products_search_update AFTER UPDATE OF name ON products
WHEN old.name IS NOT new.name BEGIN
  INSERT INTO sku_search_pending (sku_id, fresh)
    SELECT id, 0 FROM skus WHERE product_id = new.id
    ON CONFLICT (sku_id) DO NOTHING;
END;

CREATE TABLE sale_bonuses (
  lot_id  INTEGER PRIMARY KEY REFERENCES points_lots (id),
  sale_id TEXT NOT NULL REFERENCES sales (id),
  kind    TEXT NOT NULL CHECK (kind = 'threshold' OR kind = 'referral'),
  measure INTEGER NOT NULL CHECK (measure > 0),
  points  INTEGER NOT NULL CHECK (points > 0),
  lines   TEXT NOT NULL CHECK (json_valid (lines))
);

CREATE INDEX sale_bonuses_sale ON sale_bonuses (sale_id);

CREATE TRIGGER sale_bonuses_no_update BEFORE UPDATE ON sale_bonuses
BEGIN
  SELECT RAISE (ABORT, 'a sale''s bonus record never changes');
END;

CREATE TRIGGER sale_bonuses_no_delete BEFORE DELETE ON sale_bonuses
BEGIN
  SELECT RAISE (ABORT, 'a sale''s bonus record never changes');
END;

CREATE INDEX sv_top_ups_refunds ON sv_top_ups (original_id) WHERE kind = 'refund';

-- A payout names the return it pays out in its reference.
CREATE INDEX sv_top_ups_reference ON sv_top_ups (reference) WHERE kind = 'refund';

CREATE UNIQUE INDEX journal_id ON journal (id);

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

CREATE TABLE staff (
  number       TEXT PRIMARY KEY,      -- typed at sign-in: 1 to 8 digits
  name         TEXT NOT NULL,         -- printed on receipts and in the audit
  role         TEXT NOT NULL
               CHECK (role = 'cashier' OR role = 'supervisor' OR role = 'manager'),
  pin_hash     TEXT NOT NULL,         -- crypto_pwhash_str (argon2id), never the PIN
  failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until INTEGER,               -- UTC seconds: refused until then
  disabled_at  INTEGER,               -- UTC seconds: never signs in again
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- What a role may do or approve in this store: a row allows it. Changed
-- with `mallposctl staff permit|forbid` (needs staff_manage).
CREATE TABLE role_permissions (
  role   TEXT NOT NULL CHECK (role = 'cashier' OR role = 'supervisor' OR role = 'manager'),
  action TEXT NOT NULL,
  PRIMARY KEY (role, action)
) WITHOUT ROWID;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE (ABORT, 'the audit journal is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE (ABORT, 'the audit journal is append-only');
END;

-- How much of a per-day cap each business day used: manual points grants
-- and transfers (points), gift-card unlocks (per card). Written in the
-- transaction of the action it counts (src/staff-policy.c).
CREATE TABLE daily_caps (
  day  TEXT NOT NULL,    -- business day, "20261123"
  cap  TEXT NOT NULL,    -- points_grant, points_transfer, "gift_card_unlock:<serial>"
  used INTEGER NOT NULL CHECK (used >= 0),
  PRIMARY KEY (day, cap)
) WITHOUT ROWID;

CREATE TABLE training_mode (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  since INTEGER NOT NULL
);

CREATE TRIGGER training_mode_no_update BEFORE UPDATE ON training_mode
BEGIN
  SELECT RAISE (ABORT, 'a training store stays a training store');
END;

CREATE TRIGGER training_mode_no_delete BEFORE DELETE ON training_mode
BEGIN
  SELECT RAISE (ABORT, 'a training store stays a training store');
END;

CREATE TRIGGER training_mode_only_new BEFORE INSERT ON training_mode
WHEN EXISTS (SELECT 1 FROM journal)
BEGIN
  SELECT RAISE (ABORT, 'only a new store can become a training store');
END;

CREATE TABLE sync_enrolment (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  url         TEXT NOT NULL,
  terminal    TEXT NOT NULL,   -- the centre's global id: "S001/T01"
  token       TEXT NOT NULL,   -- the bearer credential; never printed or journaled
  pin_current TEXT NOT NULL,   -- "sha256//<base64>" of the centre's public key
  pin_next    TEXT,            -- the key the centre rotates to
  ca_file     TEXT,            -- optional CA bundle; the pin is what is trusted
  enrolled_at INTEGER NOT NULL
);

-- pushed_seq: every journal entry up to it has the centre's answer.
-- stopped: why sync stopped until IT acts (revoked, unknown token, pin
-- mismatch); NULL while it runs.
CREATE TABLE sync_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  pushed_seq    INTEGER NOT NULL DEFAULT 0 CHECK (pushed_seq >= 0),
  centre_seq    INTEGER NOT NULL DEFAULT 0,
  last_success  INTEGER,
  offline_since INTEGER,
  last_error    TEXT,
  failures      INTEGER NOT NULL DEFAULT 0,
  next_attempt  INTEGER NOT NULL DEFAULT 0,
  stopped       TEXT
);

-- An entry the centre rejected: kept until a manager resolves it, never dropped.
CREATE TABLE sync_exceptions (
  seq         INTEGER PRIMARY KEY,
  entry_id    TEXT NOT NULL,
  kind        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  raised_at   INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by TEXT,
  note        TEXT
);

CREATE TABLE sync_cursors (
  stream TEXT PRIMARY KEY,
  cursor INTEGER NOT NULL CHECK (cursor >= 0)
);

INSERT INTO counters (name, value) VALUES
  ('journal', 0),
  ('stock_folded_through', 0);

INSERT INTO exchange_item_kinds (kind, name) VALUES
  ('gift', '礼品 Gift');

INSERT INTO role_permissions (role, action) VALUES
  ('cashier', 'void_line'),
  ('manager', 'discount_above_limit'),
  ('manager', 'drawer_open'),
  ('manager', 'gift_card_freeze'),
  ('manager', 'gift_card_unlock'),
  ('manager', 'member_pin_reset'),
  ('manager', 'points_adjust'),
  ('manager', 'points_grant'),
  ('manager', 'points_transfer'),
  ('manager', 'price_override'),
  ('manager', 'report_access'),
  ('manager', 'return_without_receipt'),
  ('manager', 'settings'),
  ('manager', 'staff_manage'),
  ('manager', 'stored_value_refund'),
  ('manager', 'void_line'),
  ('manager', 'void_sale'),
  ('supervisor', 'discount_above_limit'),
  ('supervisor', 'drawer_open'),
  ('supervisor', 'gift_card_freeze'),
  ('supervisor', 'gift_card_unlock'),
  ('supervisor', 'member_pin_reset'),
  ('supervisor', 'points_adjust'),
  ('supervisor', 'points_transfer'),
  ('supervisor', 'price_override'),
  ('supervisor', 'report_access'),
  ('supervisor', 'return_without_receipt'),
  ('supervisor', 'stored_value_refund'),
  ('supervisor', 'void_line'),
  ('supervisor', 'void_sale');
