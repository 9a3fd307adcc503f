-- 0017-clock-and-catalog.sql — three things a bulk catalog import and a
-- wrong clock need from the schema.
--
-- 1. The search index is brought up to date once per import instead of per
--    row. The triggers used to write sku_search (FTS5) themselves; FTS5
--    writes its pending terms out as a new segment at every savepoint, and
--    the import takes one per row, so a 1,000,000-row import wrote a
--    million segments, and a product's name written again by each of its
--    SKUs' rows rebuilt every SKU of the product each time (quadratic).
--    Now the triggers only note which SKUs need their entry (re)made, and
--    only when the indexed text really changed; mpos_catalog_search_refresh
--    (catalog-write.c) makes the entries of the noted SKUs in one statement
--    at the end of the import's transaction. product-search.c reads the
--    noted SKUs directly, so a search never misses one that is not yet
--    indexed.
CREATE TABLE sku_search_pending (
  sku_id INTEGER PRIMARY KEY,
  fresh  INTEGER NOT NULL CHECK (fresh IN (0, 1)) -- 1: no entry in sku_search yet
);
DROP TRIGGER skus_search_insert;
DROP TRIGGER skus_search_update;
DROP TRIGGER products_search_update;
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

-- 2. Where a price row came from: 'catalog' (the catalog's list and member
--    prices, which hold until the catalog changes them) or 'schedule' (a
--    prices file's row with its own effective dates). A catalog import
--    compares the file's price with the catalog's own last price, so
--    re-importing the catalog never overrides a scheduled price in effect.
--    Rows before this migration: the catalog wrote its list prices effective
--    from the moment of import (created_at) and member prices from 0, with
--    no end; anything else came from a prices file. A SKU's first catalog
--    list price now holds from the beginning of time, as new imports do, so
--    a sale whose clock reads a time before the import still finds a price.
ALTER TABLE prices ADD COLUMN source TEXT NOT NULL DEFAULT 'catalog'
  CHECK (source IN ('catalog', 'schedule'));
UPDATE prices SET source = 'schedule'
  WHERE effective_to IS NOT NULL OR (effective_from <> 0 AND effective_from <> created_at);
UPDATE prices SET effective_from = 0
  WHERE id IN (SELECT min(id) FROM prices WHERE source = 'catalog' AND level_code IS NULL
               GROUP BY sku_id);

-- 3. The business day never runs backwards (receipt-no.c, business-day.c):
--    counters 'business_day' (the latest business day begun, as yyyymmdd)
--    and 'clock_last' (the clock reading of the last numbered record),
--    taken from what the store already holds.
INSERT INTO counters (name, value)
  SELECT 'business_day', CAST (max (day) AS INTEGER) FROM (
    SELECT max (business_day) AS day FROM sales
    UNION ALL SELECT max (business_day) FROM sv_top_ups
    UNION ALL SELECT max (business_day) FROM points_exchanges)
  HAVING max (day) IS NOT NULL;
INSERT INTO counters (name, value)
  SELECT 'clock_last', max (at) FROM (
    SELECT max (created_at) AS at FROM sales
    UNION ALL SELECT max (created_at) FROM sv_top_ups
    UNION ALL SELECT max (created_at) FROM points_exchanges)
  HAVING max (at) IS NOT NULL;
