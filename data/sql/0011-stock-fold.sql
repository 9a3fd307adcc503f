-- 0011-stock-fold.sql — skus.stock_qty becomes the sum of the movements up
-- to the one named by the counter 'stock_folded_through' (src/stock.h):
-- sales and returns append movements and leave the SKU rows to a later
-- fold. Until now every movement was applied as it was written, so all of
-- them are folded.
INSERT INTO counters (name, value)
  SELECT 'stock_folded_through', coalesce (max (id), 0) FROM stock_movements;
