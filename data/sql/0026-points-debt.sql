-- 0026-points-debt.sql — a member may owe points, and a coupon's forfeit
-- part is kept with its redemption (issue 12).
--  * members.points_available is the points balance, the sum of the
--    member's ledger; it may now go below zero, by at most what the member
--    owes (points_owed): the return of a sale whose earned points are already
--    spent, under the store's policy spent_points_return = "negative". The
--    CHECK (points_available >= 0) of 0003 goes with a column rewrite
--    (members is not hash-chained, src/row-chain.c).
--  * points_ledger: a row without a lot records the debt ('reverse': the
--    points taken back that the member no longer had) and its repayment
--    ('repay': points that arrive later pay it back first, a 'repay' row of
--    the lot beside it). The table is rebuilt for its CHECKs, row for row
--    with the same ids, columns, column order and values: each row's hash
--    (src/row-chain.c: table, then each non-NULL column's name, type and
--    value) is what it was, so the rows keep their links and need no new
--    seal (scenario migrate: check on an old store after this migration).
--  * sales.points_deduction: fen of a return's refund kept back for earned
--    points already spent (policy "deduct"); NULL otherwise.
--  * coupon_events.forfeit: fen of a redeemed coupon's worth its sale could
--    not use (policy coupon_over_sale = "forfeit"); NULL when none.
-- No CHECK (x IN (…)) of three or more values: OR-chains (SQLite 3.40).
ALTER TABLE members ADD COLUMN points_owed INTEGER NOT NULL DEFAULT 0 CHECK (points_owed >= 0);
ALTER TABLE members ADD COLUMN points_balance INTEGER NOT NULL DEFAULT 0
  CHECK (points_balance >= -points_owed);
UPDATE members SET points_balance = points_available;
ALTER TABLE members DROP COLUMN points_available;
ALTER TABLE members RENAME COLUMN points_balance TO points_available;

CREATE TABLE points_ledger_v26 (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES members (id),
  lot_id      INTEGER REFERENCES points_lots (id),
  kind        TEXT NOT NULL CHECK ((kind = 'earn' OR kind = 'confirm' OR kind = 'reject' OR
                kind = 'burn' OR kind = 'restore' OR kind = 'reverse' OR kind = 'expire' OR
                kind = 'adjust' OR kind = 'freeze' OR kind = 'unfreeze' OR kind = 'transfer_out'
                OR kind = 'transfer_in' OR kind = 'repay')),
  available   INTEGER NOT NULL DEFAULT 0,
  pending     INTEGER NOT NULL DEFAULT 0,
  action_id   TEXT NOT NULL,
  sale_id     TEXT REFERENCES sales (id),
  corrects    INTEGER REFERENCES points_ledger_v26 (id),
  reason      TEXT,
  actor       TEXT,
  approved_by TEXT,
  created_at  INTEGER NOT NULL,
  CHECK (lot_id IS NOT NULL OR kind = 'freeze' OR kind = 'unfreeze' OR kind = 'reverse'
         OR kind = 'repay'),
  CHECK (lot_id IS NOT NULL OR pending = 0)
);
INSERT INTO points_ledger_v26 (id, member_id, lot_id, kind, available, pending, action_id, sale_id,
                               corrects, reason, actor, approved_by, created_at)
  SELECT id, member_id, lot_id, kind, available, pending, action_id, sale_id, corrects, reason,
         actor, approved_by, created_at
    FROM points_ledger ORDER BY id;
DROP TABLE points_ledger;
ALTER TABLE points_ledger_v26 RENAME TO points_ledger;
CREATE INDEX points_ledger_member ON points_ledger (member_id, id);
CREATE INDEX points_ledger_corrects ON points_ledger (corrects) WHERE corrects IS NOT NULL;
CREATE INDEX points_ledger_action ON points_ledger (action_id);
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
BEGIN
  SELECT RAISE (ABORT, 'the points ledger is append-only: correct it with a new entry');
END;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN
  SELECT RAISE (ABORT, 'the points ledger is append-only: correct it with a new entry');
END;

ALTER TABLE sales ADD COLUMN points_deduction INTEGER CHECK (points_deduction IS NULL
  OR points_deduction > 0);
ALTER TABLE coupon_events ADD COLUMN forfeit INTEGER CHECK (forfeit IS NULL OR forfeit > 0);
