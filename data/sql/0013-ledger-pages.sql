-- 0013-ledger-pages.sql — fewer pages written by each member sale (DESIGN.md
-- target: durable sale commit < 2× a bare single-row commit). Each index a
-- sale inserts into, and sqlite_sequence, is one more page in the WAL.
--  * points_lots_sale: a sale's lot is found through its earn entry in the
--    points ledger (points_ledger_sale), as its burns already are.
--  * points_lots_expiry: only confirmed lots expire from it; a lot still
--    pending (every sale earns one) joins it when it is confirmed. The
--    expiry run finds pending lots through points_lots_to_confirm.
--  * the points and stored-value ledgers lose AUTOINCREMENT: their rows are
--    never deleted (triggers), so a plain rowid is never reused either, and
--    no sale has to update sqlite_sequence.
--  * journal: the entry's global id (a UUIDv7 made on the terminal) loses its
--    unique index, which nothing looks entries up by; the integrity check
--    still proves it unique.
DROP INDEX points_lots_sale;
DROP INDEX points_lots_expiry;
CREATE INDEX points_lots_expiry ON points_lots (expires_at) WHERE remaining > 0 AND status = 'confirmed';

CREATE TABLE points_ledger_v13 (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES members (id),
  lot_id      INTEGER REFERENCES points_lots (id),
  kind        TEXT NOT NULL CHECK ((kind = 'earn' OR kind = 'confirm' OR kind = 'reject' OR
                kind = 'burn' OR kind = 'restore' OR kind = 'reverse' OR kind = 'expire' OR
                kind = 'adjust' OR kind = 'freeze' OR kind = 'unfreeze' OR kind = 'transfer_out'
                OR kind = 'transfer_in')),
  available   INTEGER NOT NULL DEFAULT 0,
  pending     INTEGER NOT NULL DEFAULT 0,
  action_id   TEXT NOT NULL,
  sale_id     TEXT REFERENCES sales (id),
  corrects    INTEGER REFERENCES points_ledger_v13 (id),
  reason      TEXT,
  actor       TEXT,
  approved_by TEXT,
  created_at  INTEGER NOT NULL,
  CHECK (lot_id IS NOT NULL OR kind IN ('freeze', 'unfreeze'))
);
INSERT INTO points_ledger_v13 (id, member_id, lot_id, kind, available, pending, action_id, sale_id,
                               corrects, reason, actor, approved_by, created_at)
  SELECT id, member_id, lot_id, kind, available, pending, action_id, sale_id, corrects, reason,
         actor, approved_by, created_at
    FROM points_ledger ORDER BY id;
DROP TABLE points_ledger;
ALTER TABLE points_ledger_v13 RENAME TO points_ledger;
CREATE INDEX points_ledger_member ON points_ledger (member_id, id);
CREATE INDEX points_ledger_sale ON points_ledger (sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX points_ledger_corrects ON points_ledger (corrects) WHERE corrects IS NOT NULL;
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
BEGIN
  SELECT RAISE (ABORT, 'the points ledger is append-only: correct it with a new entry');
END;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN
  SELECT RAISE (ABORT, 'the points ledger is append-only: correct it with a new entry');
END;

CREATE TABLE sv_ledger_v13 (
  id           INTEGER PRIMARY KEY,
  member_id    INTEGER NOT NULL REFERENCES members (id),
  kind         TEXT NOT NULL CHECK ((kind = 'top_up' OR kind = 'spend' OR kind = 'refund' OR
                 kind = 'top_up_refund' OR kind = 'gift_card')),
  principal    INTEGER NOT NULL,
  bonus        INTEGER NOT NULL,
  action_id    TEXT NOT NULL,
  sale_id      TEXT REFERENCES sales (id),
  top_up_id    TEXT REFERENCES sv_top_ups (id),
  corrects     INTEGER REFERENCES sv_ledger_v13 (id),
  created_at   INTEGER NOT NULL,
  gift_card_id INTEGER REFERENCES gift_cards (id),
  CHECK (kind NOT IN ('spend', 'refund') OR sale_id IS NOT NULL),
  CHECK (kind NOT IN ('top_up', 'top_up_refund') OR top_up_id IS NOT NULL),
  CHECK (kind <> 'gift_card' OR (gift_card_id IS NOT NULL AND principal > 0 AND bonus = 0))
);
INSERT INTO sv_ledger_v13 (id, member_id, kind, principal, bonus, action_id, sale_id, top_up_id,
                           corrects, created_at, gift_card_id)
  SELECT id, member_id, kind, principal, bonus, action_id, sale_id, top_up_id, corrects, created_at,
         gift_card_id
    FROM sv_ledger ORDER BY id;
DROP TABLE sv_ledger;
ALTER TABLE sv_ledger_v13 RENAME TO sv_ledger;
CREATE INDEX sv_ledger_member ON sv_ledger (member_id, id);
CREATE INDEX sv_ledger_sale ON sv_ledger (sale_id) WHERE sale_id IS NOT NULL;
CREATE INDEX sv_ledger_gift_card ON sv_ledger (gift_card_id) WHERE gift_card_id IS NOT NULL;
CREATE TRIGGER sv_ledger_no_update BEFORE UPDATE ON sv_ledger
BEGIN
  SELECT RAISE (ABORT, 'the stored-value ledger is append-only: correct it with a new entry');
END;
CREATE TRIGGER sv_ledger_no_delete BEFORE DELETE ON sv_ledger
BEGIN
  SELECT RAISE (ABORT, 'the stored-value ledger is append-only: correct it with a new entry');
END;
DELETE FROM sqlite_sequence WHERE name IN ('points_ledger', 'sv_ledger');

CREATE TABLE journal_v13 (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL,
  kind       TEXT NOT NULL,
  ref_id     TEXT NOT NULL,
  payload    TEXT,
  created_at INTEGER NOT NULL
);
INSERT INTO journal_v13 (seq, id, kind, ref_id, payload, created_at)
  SELECT seq, id, kind, ref_id, payload, created_at FROM journal ORDER BY seq;
DROP TABLE journal;
ALTER TABLE journal_v13 RENAME TO journal;
