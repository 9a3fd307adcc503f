-- 0008-commit-pages.sql — fewer pages written by each sale (DESIGN.md
-- target: durable sale commit < 2× a bare single-row commit). Every index a
-- sale inserts into is one more page written to the WAL and synced.
--  * points_lots_open serves burning (oldest usable lot first) and the usable
--    balance: only confirmed lots can be burnt, so pending lots (every sale
--    earns one) stay out of it. A member with many lots pending for the
--    return window no longer slows every burn down either.
--  * points_ledger_lot and stock_movements_sku: nothing at the counter looks
--    ledger rows up by lot or movements by SKU; the integrity check sums them
--    in one pass instead (src/integrity.c), and a sale's own earn entry is
--    found through points_ledger_sale.
DROP INDEX points_lots_open;
CREATE INDEX points_lots_open ON points_lots (member_id, coalesce (expires_at, 9223372036854775807), id)
  WHERE remaining > 0 AND status = 'confirmed';
DROP INDEX points_ledger_lot;
DROP INDEX stock_movements_sku;
