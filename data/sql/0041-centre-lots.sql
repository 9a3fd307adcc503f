-- 0041-centre-lots.sql — the points lots the other stores hold for a member,
-- as the centre last said (sync/PROTOCOL.md 5.5 "points_lots"): how many
-- points are available in each and when they expire. Like
-- member_centre_balances (0031) this is not a ledger: a pull replaces a
-- member's rows. A lot past expires_at by this terminal's clock is not
-- counted in the member's centre balance, even before its own store pushed
-- the expiry (src/sync-members.c).
CREATE TABLE member_centre_lots (
  member_id  INTEGER NOT NULL REFERENCES members (id),
  seq        INTEGER NOT NULL,  -- the lot's place in the centre's list
  points     INTEGER NOT NULL CHECK (points > 0),
  expires_at INTEGER,           -- UTC seconds; NULL: never
  PRIMARY KEY (member_id, seq)
) WITHOUT ROWID;
