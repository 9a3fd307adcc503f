-- 0001-initial.sql — the first schema of a MallPOS terminal store.
-- Money columns are INTEGER fen, quantities INTEGER pieces or grams, times
-- INTEGER unix seconds (UTC). Ledger-like tables (stock_movements, sales and
-- their children, journal, audit) are append-only.

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
  CHECK (effective_to IS NULL OR effective_to > effective_from)
);
CREATE INDEX prices_lookup ON prices (sku_id, level_code, effective_from);

CREATE TABLE stock_movements (
  id         INTEGER PRIMARY KEY,
  sku_id     INTEGER NOT NULL REFERENCES skus (id),
  qty        INTEGER NOT NULL,
  reason     TEXT NOT NULL CHECK (reason IN ('import', 'sale', 'return', 'adjust')),
  ref        TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX stock_movements_sku ON stock_movements (sku_id);

CREATE TABLE member_levels (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  rank        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE members (
  id         INTEGER PRIMARY KEY,
  card_no    TEXT UNIQUE,
  phone      TEXT UNIQUE,
  name       TEXT NOT NULL,
  level_code TEXT NOT NULL REFERENCES member_levels (code),
  created_at INTEGER NOT NULL
);

CREATE TABLE promotions (
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('time_discount', 'threshold', 'buy_x_get_y')),
  priority   INTEGER NOT NULL DEFAULT 0,
  exclusive  INTEGER NOT NULL DEFAULT 0 CHECK (exclusive IN (0, 1)),
  starts_at  INTEGER NOT NULL,
  ends_at    INTEGER NOT NULL,
  definition TEXT NOT NULL, -- the validated JSON document as imported
  CHECK (ends_at > starts_at)
) WITHOUT ROWID;

-- A sale or a return (kind). Totals are cached sums of the lines/tenders below;
-- `mallposctl check` proves them.
CREATE TABLE sales (
  id               TEXT PRIMARY KEY,
  receipt_no       TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL CHECK (kind IN ('sale', 'return')),
  original_sale_id TEXT REFERENCES sales (id),
  status           TEXT NOT NULL DEFAULT 'completed'
                   CHECK (status IN ('completed', 'pending_approval')),
  business_day     TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  cashier          TEXT NOT NULL,
  approved_by      TEXT,
  member_id        INTEGER REFERENCES members (id),
  member_level     TEXT,
  item_count       INTEGER NOT NULL,
  subtotal         INTEGER NOT NULL,
  discount_total   INTEGER NOT NULL,
  total            INTEGER NOT NULL,
  tax_total        INTEGER NOT NULL,
  rounding         INTEGER NOT NULL DEFAULT 0,
  tendered         INTEGER NOT NULL,
  change           INTEGER NOT NULL CHECK (change >= 0),
  reason           TEXT
);
CREATE INDEX sales_day ON sales (business_day);
CREATE INDEX sales_original ON sales (original_sale_id);

CREATE TABLE sale_lines (
  sale_id          TEXT NOT NULL REFERENCES sales (id),
  line_no          INTEGER NOT NULL,
  sku_id           INTEGER NOT NULL REFERENCES skus (id),
  code             TEXT NOT NULL,
  name             TEXT NOT NULL,
  weighed          INTEGER NOT NULL CHECK (weighed IN (0, 1)),
  qty              INTEGER NOT NULL,
  unit_price       INTEGER NOT NULL,
  gross            INTEGER NOT NULL,
  net              INTEGER NOT NULL,
  tax              INTEGER NOT NULL,
  tax_rate_bp      INTEGER NOT NULL,
  original_line_no INTEGER,
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

-- Every step between gross and net of a line, order-level discounts
-- included after their largest-remainder allocation.
CREATE TABLE line_adjustments (
  sale_id TEXT NOT NULL,
  line_no INTEGER NOT NULL,
  seq     INTEGER NOT NULL,
  kind    TEXT NOT NULL,
  source  TEXT,
  label   TEXT NOT NULL,
  amount  INTEGER NOT NULL,
  PRIMARY KEY (sale_id, line_no, seq),
  FOREIGN KEY (sale_id, line_no) REFERENCES sale_lines (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE tenders (
  sale_id      TEXT NOT NULL REFERENCES sales (id),
  seq          INTEGER NOT NULL,
  type         TEXT NOT NULL,
  amount       INTEGER NOT NULL,
  reference    TEXT,
  provider     TEXT,
  original_seq INTEGER,
  PRIMARY KEY (sale_id, seq)
) WITHOUT ROWID;

-- AUTOINCREMENT: an id is never reused, so a stale "resume 1" cannot sell
-- another cashier's parked sale.
CREATE TABLE suspended_carts (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  cashier    TEXT NOT NULL,
  note       TEXT,
  created_at INTEGER NOT NULL,
  cart       TEXT NOT NULL
);

-- The sync outbox: one entry per business action, seq is the terminal's
-- contiguous sequence (AUTOINCREMENT: a rolled-back action leaves no gap).
CREATE TABLE journal (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL,
  ref_id     TEXT NOT NULL,
  payload    TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE audit (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  actor  TEXT,
  action TEXT NOT NULL,
  ref    TEXT,
  detail TEXT
);

-- Product search: trigram full-text over name + spec (Chinese needs no
-- word splitting with trigrams), kept in step with the catalog by triggers.
CREATE VIRTUAL TABLE sku_search USING fts5 (text, tokenize = 'trigram');

CREATE TRIGGER skus_search_insert AFTER INSERT ON skus BEGIN
  INSERT INTO sku_search (rowid, text)
    SELECT new.id, p.name || ' ' || new.spec FROM products p WHERE p.id = new.product_id;
END;
CREATE TRIGGER skus_search_delete AFTER DELETE ON skus BEGIN
  DELETE FROM sku_search WHERE rowid = old.id;
END;
CREATE TRIGGER skus_search_update AFTER UPDATE OF spec, product_id ON skus BEGIN
  DELETE FROM sku_search WHERE rowid = old.id;
  INSERT INTO sku_search (rowid, text)
    SELECT new.id, p.name || ' ' || new.spec FROM products p WHERE p.id = new.product_id;
END;
CREATE TRIGGER products_search_update AFTER UPDATE OF name ON products BEGIN
  DELETE FROM sku_search WHERE rowid IN (SELECT id FROM skus WHERE product_id = new.id);
  INSERT INTO sku_search (rowid, text)
    SELECT s.id, new.name || ' ' || s.spec FROM skus s WHERE s.product_id = new.id;
END;
