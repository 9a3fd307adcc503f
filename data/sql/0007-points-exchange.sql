-- 0007-points-exchange.sql — points exchange (积分兑换): a catalog of items
-- priced in points, or points plus a cash part, with their own stock,
-- validity and per-member limit; and the exchanges themselves, each its own
-- business action with a receipt number (like a top-up), burning points
-- through the points ledger (action_id = the exchange's id), moving the
-- item's stock and taking the cash part by one tender. A cancellation is a
-- second record that gives back exactly the points (into the lots they came
-- from), the stock and the cash.
-- Points are INTEGER points, money INTEGER fen, times INTEGER unix seconds.

-- What an item gives. 'gift' (a physical gift handed over at the desk) now;
-- another kind (a coupon, src/coupon*.c) is added by inserting its row here,
-- with the item's `ref` naming what it gives (the coupon template's code).
CREATE TABLE exchange_item_kinds (
  kind TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO exchange_item_kinds (kind, name) VALUES ('gift', '礼品 Gift');

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
  id           TEXT PRIMARY KEY,
  receipt_no   TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL CHECK (kind IN ('exchange', 'cancel')),
  original_id  TEXT REFERENCES points_exchanges (id),
  member_id    INTEGER NOT NULL REFERENCES members (id),
  item_code    TEXT NOT NULL REFERENCES exchange_items (code),
  qty          INTEGER NOT NULL,
  points       INTEGER NOT NULL,
  cash         INTEGER NOT NULL,
  tender_type  TEXT CHECK (tender_type IS NULL OR tender_type IN ('cash', 'bank_card', 'mobile')),
  reference    TEXT,
  provider     TEXT,
  business_day TEXT NOT NULL,
  cashier      TEXT NOT NULL,
  approved_by  TEXT,
  reason       TEXT,
  created_at   INTEGER NOT NULL,
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
  id          INTEGER PRIMARY KEY,
  item_code   TEXT NOT NULL REFERENCES exchange_items (code),
  qty         INTEGER NOT NULL CHECK (qty <> 0),
  reason      TEXT NOT NULL CHECK (reason IN ('import', 'exchange', 'cancel')),
  exchange_id TEXT REFERENCES points_exchanges (id),
  created_at  INTEGER NOT NULL,
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
