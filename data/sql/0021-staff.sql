-- 0021-staff.sql — the people who work the tills (staff numbers, roles,
-- PINs), what each role may do in this store, and the audit journal made
-- append-only and hash-chained.
--
-- A PIN is stored only as libsodium's crypto_pwhash_str (argon2id,
-- interactive limits: 64 MiB, 2 passes, ~50 ms here), the same choice as the
-- member's payment PIN: a sign-in on a till must answer at once, and the
-- lockout, not the hash cost, is what stops guessing at the counter. The
-- failures are counted under the write lock (src/staff.c) so several
-- processes typing wrong PINs at once count exactly.
CREATE TABLE staff (
  number       TEXT PRIMARY KEY,      -- typed at sign-in: 1 to 8 digits
  name         TEXT NOT NULL,         -- printed on receipts and in the audit
  role         TEXT NOT NULL
               CHECK (role = 'cashier' OR role = 'supervisor' OR role = 'manager'),
  pin_hash     TEXT NOT NULL,         -- crypto_pwhash_str (argon2id), never the PIN
  failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until INTEGER,               -- UTC seconds: refused until then
  disabled_at  INTEGER,               -- UTC seconds: never signs in again
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- What a role may do or approve in this store: a row allows it. Changed
-- with `mallposctl staff permit|forbid` (needs staff_manage).
CREATE TABLE role_permissions (
  role   TEXT NOT NULL CHECK (role = 'cashier' OR role = 'supervisor' OR role = 'manager'),
  action TEXT NOT NULL,
  PRIMARY KEY (role, action)
) WITHOUT ROWID;

INSERT INTO role_permissions (role, action) VALUES
  ('supervisor', 'price_override'), ('manager', 'price_override'),
  ('supervisor', 'discount_above_limit'), ('manager', 'discount_above_limit'),
  ('cashier', 'void_line'), ('supervisor', 'void_line'), ('manager', 'void_line'),
  ('supervisor', 'void_sale'), ('manager', 'void_sale'),
  ('supervisor', 'return_without_receipt'), ('manager', 'return_without_receipt'),
  ('supervisor', 'drawer_open'), ('manager', 'drawer_open'),
  ('supervisor', 'points_adjust'), ('manager', 'points_adjust'),
  ('supervisor', 'points_transfer'), ('manager', 'points_transfer'),
  ('supervisor', 'stored_value_refund'), ('manager', 'stored_value_refund'),
  ('supervisor', 'member_pin_reset'), ('manager', 'member_pin_reset'),
  ('supervisor', 'gift_card_unlock'), ('manager', 'gift_card_unlock'),
  ('supervisor', 'gift_card_freeze'), ('manager', 'gift_card_freeze'),
  ('supervisor', 'report_access'), ('manager', 'report_access'),
  ('manager', 'points_grant'),
  ('manager', 'settings'),
  ('manager', 'staff_manage');

-- Who approved an audited action (a staff number whose PIN was checked),
-- beside the actor who did it.
ALTER TABLE audit ADD COLUMN approved_by TEXT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE (ABORT, 'the audit journal is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE (ABORT, 'the audit journal is append-only');
END;

-- How much of a per-day cap each business day used: manual points grants
-- and transfers (points), gift-card unlocks (per card). Written in the
-- transaction of the action it counts (src/staff-policy.c).
CREATE TABLE daily_caps (
  day  TEXT NOT NULL,    -- business day, "20261123"
  cap  TEXT NOT NULL,    -- "points_grant", "points_transfer", "gift_card_unlock:<serial>"
  used INTEGER NOT NULL CHECK (used >= 0),
  PRIMARY KEY (day, cap)
) WITHOUT ROWID;
