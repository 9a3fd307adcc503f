-- 0003-loyalty.sql — points (积分) and stored value (储值): append-only
-- ledgers, the lots points are earned in, top-ups, payment PINs and the
-- per-line allocation of a sale's burn, stored-value spend and earn, so a
-- partial return reverses exactly what its lines consumed and earned.
-- Points are INTEGER points, money INTEGER fen, times INTEGER unix seconds.
-- Only ALTER TABLE … ADD COLUMN touches earlier tables.

-- ---- cached balances on the member ---------------------------------------------
-- Each equals the sum of its ledger (`mallposctl check` proves it); the
-- CHECKs make a negative balance impossible whatever the code does.
ALTER TABLE members ADD COLUMN points_available INTEGER NOT NULL DEFAULT 0
  CHECK (points_available >= 0);
ALTER TABLE members ADD COLUMN points_pending INTEGER NOT NULL DEFAULT 0
  CHECK (points_pending >= 0);
-- Fraud hold: no burn and no transfer out while 1. Every change has a
-- freeze/unfreeze ledger record saying who and why.
ALTER TABLE members ADD COLUMN points_frozen INTEGER NOT NULL DEFAULT 0
  CHECK (points_frozen IN (0, 1));
ALTER TABLE members ADD COLUMN sv_principal INTEGER NOT NULL DEFAULT 0 CHECK (sv_principal >= 0);
ALTER TABLE members ADD COLUMN sv_bonus INTEGER NOT NULL DEFAULT 0 CHECK (sv_bonus >= 0);

-- ---- points lots -----------------------------------------------------------------
-- Points are earned in lots. `remaining` is a cache of the sum of the lot's
-- ledger rows; a lot's points count as pending or available by its status.
-- `ref` makes once-only grants idempotent ('registration', 'birthday:2026',
-- 'referral:17'). expires_at NULL: never expires.
CREATE TABLE points_lots (
  id          INTEGER PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES members (id),
  source      TEXT NOT NULL CHECK (source IN ('sale', 'registration', 'birthday', 'referral',
                'review', 'adjustment', 'campaign', 'exchange', 'transfer')),
  status      TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
  earned      INTEGER NOT NULL CHECK (earned > 0),
  remaining   INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= earned),
  earned_at   INTEGER NOT NULL,
  confirm_at  INTEGER,
  expires_at  INTEGER,
  sale_id     TEXT REFERENCES sales (id),
  ref         TEXT,
  CHECK (status <> 'pending' OR confirm_at IS NOT NULL),
  CHECK (status <> 'rejected' OR remaining = 0)
);
CREATE UNIQUE INDEX points_lots_ref ON points_lots (member_id, ref) WHERE ref IS NOT NULL;
CREATE UNIQUE INDEX points_lots_sale ON points_lots (sale_id) WHERE source = 'sale';
-- Burn order: oldest expiry first (never-expiring lots last), then oldest lot.
CREATE INDEX points_lots_open ON points_lots (member_id, coalesce (expires_at, 9223372036854775807), id)
  WHERE remaining > 0;
CREATE INDEX points_lots_expiry ON points_lots (expires_at) WHERE remaining > 0;
CREATE INDEX points_lots_to_confirm ON points_lots (confirm_at) WHERE status = 'pending';

-- What a lot is cannot change; its status only moves pending → confirmed or
-- rejected.
CREATE TRIGGER points_lots_fixed BEFORE UPDATE OF id, member_id, source, earned, earned_at,
  expires_at, sale_id, ref ON points_lots
BEGIN
  SELECT RAISE (ABORT, 'a points lot''s member, source, points and expiry never change');
END;
CREATE TRIGGER points_lots_status BEFORE UPDATE OF status ON points_lots
WHEN old.status <> new.status AND NOT (old.status = 'pending' AND new.status IN ('confirmed', 'rejected'))
BEGIN
  SELECT RAISE (ABORT, 'a points lot''s status only moves from pending to confirmed or rejected');
END;
CREATE TRIGGER points_lots_no_delete BEFORE DELETE ON points_lots
BEGIN
  SELECT RAISE (ABORT, 'points lots are never deleted');
END;

-- ---- the points ledger (append-only) --------------------------------------------
-- One row per movement. `available` and `pending` are the changes to the two
-- balances (confirm: pending −n, available +n). lot_id is NULL only for
-- freeze/unfreeze. action_id names the business action (a sale or return id,
-- a top-up, an adjustment, a run) and is the ref_id of its journal entry;
-- `corrects` points at the row a restore or reversal corrects.
CREATE TABLE points_ledger (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  member_id   INTEGER NOT NULL REFERENCES members (id),
  lot_id      INTEGER REFERENCES points_lots (id),
  kind        TEXT NOT NULL CHECK (kind IN ('earn', 'confirm', 'reject', 'burn', 'restore',
                'reverse', 'expire', 'adjust', 'freeze', 'unfreeze', 'transfer_out',
                'transfer_in')),
  available   INTEGER NOT NULL DEFAULT 0,
  pending     INTEGER NOT NULL DEFAULT 0,
  action_id   TEXT NOT NULL,
  sale_id     TEXT REFERENCES sales (id),
  corrects    INTEGER REFERENCES points_ledger (id),
  reason      TEXT,
  actor       TEXT,
  approved_by TEXT,
  created_at  INTEGER NOT NULL,
  CHECK (lot_id IS NOT NULL OR kind IN ('freeze', 'unfreeze'))
);
CREATE INDEX points_ledger_member ON points_ledger (member_id, id);
CREATE INDEX points_ledger_lot ON points_ledger (lot_id);
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

-- ---- stored value ----------------------------------------------------------------
-- A top-up, or the refund of one (kind 'refund', original_id): its own
-- business action with a receipt number, paid in cash, bank card or mobile.
-- principal/bonus are what it added (negative for a refund).
CREATE TABLE sv_top_ups (
  id           TEXT PRIMARY KEY,
  receipt_no   TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL CHECK (kind IN ('top_up', 'refund')),
  original_id  TEXT REFERENCES sv_top_ups (id),
  member_id    INTEGER NOT NULL REFERENCES members (id),
  principal    INTEGER NOT NULL,
  bonus        INTEGER NOT NULL,
  tier         TEXT,
  tender_type  TEXT NOT NULL CHECK (tender_type IN ('cash', 'bank_card', 'mobile')),
  reference    TEXT,
  provider     TEXT,
  business_day TEXT NOT NULL,
  cashier      TEXT NOT NULL,
  approved_by  TEXT,
  reason       TEXT,
  created_at   INTEGER NOT NULL,
  CHECK ((kind = 'top_up' AND original_id IS NULL AND principal > 0 AND bonus >= 0)
         OR (kind = 'refund' AND original_id IS NOT NULL AND principal <= 0 AND bonus <= 0))
) WITHOUT ROWID;
CREATE UNIQUE INDEX sv_top_ups_one_refund ON sv_top_ups (original_id) WHERE kind = 'refund';
CREATE INDEX sv_top_ups_member ON sv_top_ups (member_id, created_at);
CREATE INDEX sv_top_ups_day ON sv_top_ups (business_day);

CREATE TRIGGER sv_top_ups_no_update BEFORE UPDATE ON sv_top_ups
BEGIN
  SELECT RAISE (ABORT, 'top-ups are never changed: refund one instead');
END;
CREATE TRIGGER sv_top_ups_no_delete BEFORE DELETE ON sv_top_ups
BEGIN
  SELECT RAISE (ABORT, 'top-ups are never deleted');
END;

-- The stored-value ledger: principal (本金) and bonus (赠额) kept apart.
-- kind: top_up (+), spend (− in a sale), refund (+ in a return),
-- top_up_refund (− when a top-up is refunded).
CREATE TABLE sv_ledger (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  member_id  INTEGER NOT NULL REFERENCES members (id),
  kind       TEXT NOT NULL CHECK (kind IN ('top_up', 'spend', 'refund', 'top_up_refund')),
  principal  INTEGER NOT NULL,
  bonus      INTEGER NOT NULL,
  action_id  TEXT NOT NULL,
  sale_id    TEXT REFERENCES sales (id),
  top_up_id  TEXT REFERENCES sv_top_ups (id),
  corrects   INTEGER REFERENCES sv_ledger (id),
  created_at INTEGER NOT NULL,
  CHECK (kind NOT IN ('spend', 'refund') OR sale_id IS NOT NULL),
  CHECK (kind NOT IN ('top_up', 'top_up_refund') OR top_up_id IS NOT NULL)
);
CREATE INDEX sv_ledger_member ON sv_ledger (member_id, id);
CREATE INDEX sv_ledger_sale ON sv_ledger (sale_id) WHERE sale_id IS NOT NULL;

CREATE TRIGGER sv_ledger_no_update BEFORE UPDATE ON sv_ledger
BEGIN
  SELECT RAISE (ABORT, 'the stored-value ledger is append-only: correct it with a new entry');
END;
CREATE TRIGGER sv_ledger_no_delete BEFORE DELETE ON sv_ledger
BEGIN
  SELECT RAISE (ABORT, 'the stored-value ledger is append-only: correct it with a new entry');
END;

-- The member's payment PIN: an argon2id hash (libsodium crypto_pwhash_str),
-- never the PIN. failures persist across sales and restarts; locked_at is set
-- at the configured number of failures and cleared by a supervisor.
CREATE TABLE payment_pins (
  member_id  INTEGER PRIMARY KEY REFERENCES members (id),
  hash       TEXT NOT NULL,
  failures   INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_at  INTEGER,
  updated_at INTEGER NOT NULL
);

-- ---- a sale's loyalty, line by line -------------------------------------------
-- For a sale: what each line consumed of the points burn (points and their
-- value in fen) and of the stored-value spend (principal, bonus), and the
-- points it earned; each allocated by largest remainder at sale time. For a
-- return: the same, negative, for the return's lines — exactly what they
-- give back and take back.
CREATE TABLE loyalty_lines (
  sale_id       TEXT NOT NULL,
  line_no       INTEGER NOT NULL,
  points_burnt  INTEGER NOT NULL DEFAULT 0,
  points_value  INTEGER NOT NULL DEFAULT 0,
  sv_principal  INTEGER NOT NULL DEFAULT 0,
  sv_bonus      INTEGER NOT NULL DEFAULT 0,
  points_earned INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sale_id, line_no),
  FOREIGN KEY (sale_id, line_no) REFERENCES sale_lines (sale_id, line_no)
) WITHOUT ROWID;

CREATE TRIGGER loyalty_lines_no_update BEFORE UPDATE ON loyalty_lines
BEGIN
  SELECT RAISE (ABORT, 'a sale''s loyalty allocation never changes');
END;
CREATE TRIGGER loyalty_lines_no_delete BEFORE DELETE ON loyalty_lines
BEGIN
  SELECT RAISE (ABORT, 'a sale''s loyalty allocation never changes');
END;

-- Settings this migration introduces:
--   loyalty_rules   the validated rules document (`mallposctl import loyalty-rules`,
--                   src/loyalty-rules.h); absent: no points and no stored value.
