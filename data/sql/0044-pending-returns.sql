-- 0044-pending-returns.sql — the returns made without a receipt that wait
-- for a supervisor (sales.status 'pending_approval'), as the window's
-- returns page lists them (src/sale-return-pending.c): a partial index of
-- the few waiting rows, so the list is read without a scan of every sale
-- at a store with years of them. An index only: the sales rows and their
-- hash chain are untouched.
CREATE INDEX sales_pending ON sales (created_at) WHERE status = 'pending_approval';
