-- 0028-shifts.sql — the shift (班次) on this terminal's cash drawer and the
-- drawer's ledger (src/shift.c). A shift opens with a float, takes every
-- cash movement of the counter while open, and closes with a count by
-- denomination; past the store's over/short limit it waits, counted, for a
-- manager's acceptance. cash_movements is append-only: the expectation of a
-- shift is the sum of its rows, by kind.
CREATE TABLE shifts (
  id            TEXT PRIMARY KEY,
  shift_no      TEXT NOT NULL UNIQUE,
  status        TEXT NOT NULL
                CHECK (status = 'open' OR status = 'counted' OR status = 'closed'),
  business_day  TEXT NOT NULL,
  opened_by     TEXT NOT NULL,
  opened_at     INTEGER NOT NULL,
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  counted_by    TEXT,
  counted_at    INTEGER,
  count         TEXT,    -- JSON array of pieces per denomination, 100 yuan first
  counted       INTEGER, -- fen
  expected      INTEGER, -- fen, when counted
  accepted_by   TEXT,
  closed_at     INTEGER
) WITHOUT ROWID;
-- At most one shift on the drawer that is not closed.
CREATE UNIQUE INDEX shifts_one_open ON shifts (status = 'closed') WHERE status != 'closed';
CREATE INDEX shifts_day ON shifts (business_day);

-- kind: float, sale, change, refund, top_up, top_up_refund, exchange,
-- gift_card, pay_in, pay_out, drop (src/shift.h says each sign).
CREATE TABLE cash_movements (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  shift_id TEXT NOT NULL REFERENCES shifts (id),
  kind     TEXT NOT NULL,
  amount   INTEGER NOT NULL,
  ref      TEXT,
  reason   TEXT,
  actor    TEXT NOT NULL,
  at       INTEGER NOT NULL
);
CREATE INDEX cash_movements_shift ON cash_movements (shift_id, kind);
CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements
BEGIN
  SELECT RAISE (ABORT, 'the drawer''s cash movements are append-only');
END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
BEGIN
  SELECT RAISE (ABORT, 'the drawer''s cash movements are append-only');
END;

-- Accepting an over/short past the store's limit: managers.
INSERT INTO role_permissions (role, action) VALUES ('manager', 'shift_accept');
