-- 0031-sync-pull.sql — what the pull streams `members` and `hotlist` leave
-- at the terminal (sync/PROTOCOL.md sections 5.5, 5.6; docs/design.md
-- "Balances pulled from the centre").
--
-- member_centre_balances: what the *other* terminals of the mall hold for a
-- member, as the centre last said. It is not a ledger and is never added to
-- members.points_available / sv_*: those stay the sum of this terminal's own
-- append-only ledgers (`mallposctl check` proves it). The member's whole
-- balance is the two added; the counter spends only its own part offline.
CREATE TABLE member_centre_balances (
  member_id    INTEGER PRIMARY KEY REFERENCES members (id),
  points       INTEGER NOT NULL,
  stored_value INTEGER NOT NULL,  -- fen, principal and bonus together
  pulled_at    INTEGER NOT NULL   -- UTC seconds, this terminal's clock
);

-- Cards and members the mall blocked: refused at this counter. kind 'card':
-- value is the card number; kind 'member': the member's uid.
CREATE TABLE hotlist (
  kind       TEXT NOT NULL CHECK (kind = 'card' OR kind = 'member'),
  value      TEXT NOT NULL,
  reason     TEXT NOT NULL,
  blocked_at INTEGER NOT NULL,
  PRIMARY KEY (kind, value)
) WITHOUT ROWID;
