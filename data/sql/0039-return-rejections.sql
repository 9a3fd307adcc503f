-- 0039-return-rejections.sql — a return made without a receipt that waits
-- for a supervisor (sales.status 'pending_approval') can be rejected as well
-- as approved (src/sale-return-reject.c): the goods stay with the store, no
-- money moves, and the return no longer waits. The return's own row is
-- sealed in the sales chain and never rewritten, so the decision is a row
-- of its own here, append-only; a return has at most one.
CREATE TABLE return_rejections (
  sale_id     TEXT PRIMARY KEY REFERENCES sales (id),
  rejected_by TEXT NOT NULL,
  reason      TEXT NOT NULL CHECK (length (reason) > 0),
  rejected_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER return_rejections_fixed BEFORE UPDATE ON return_rejections
BEGIN
  SELECT RAISE (ABORT, 'return_rejections is append-only');
END;
CREATE TRIGGER return_rejections_kept BEFORE DELETE ON return_rejections
BEGIN
  SELECT RAISE (ABORT, 'return_rejections is append-only');
END;
