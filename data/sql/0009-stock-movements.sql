-- 0009-stock-movements.sql — every line of every sale writes a stock
-- movement. A CHECK of the form `x IN ('a', 'b', 'c')` with more than two
-- values makes SQLite build a throw-away b-tree of the values each time the
-- statement runs; the same rule spelt with OR is a few comparisons. The
-- table is rebuilt with the same columns, rows and ids.
CREATE TABLE stock_movements_v9 (
  id         INTEGER PRIMARY KEY,
  sku_id     INTEGER NOT NULL REFERENCES skus (id),
  qty        INTEGER NOT NULL,
  reason     TEXT NOT NULL
             CHECK (reason = 'import' OR reason = 'sale' OR reason = 'return' OR reason = 'adjust'),
  ref        TEXT,
  created_at INTEGER NOT NULL
);
INSERT INTO stock_movements_v9 (id, sku_id, qty, reason, ref, created_at)
  SELECT id, sku_id, qty, reason, ref, created_at FROM stock_movements ORDER BY id;
DROP TABLE stock_movements;
ALTER TABLE stock_movements_v9 RENAME TO stock_movements;
