-- 0025-sync.sql — the terminal's side of sync (sync/PROTOCOL.md): its
-- enrolment with the centre (the centre's URL, the bearer token, the pinned
-- keys: current and next), the push cursor and what people see in
-- `mallposctl sync status`, the exceptions a manager resolves, and the pull
-- cursors. Written by the sync client in short transactions of its own, never
-- inside a sale's.
CREATE TABLE sync_enrolment (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  url         TEXT NOT NULL,
  terminal    TEXT NOT NULL,   -- the centre's global id: "S001/T01"
  token       TEXT NOT NULL,   -- the bearer credential; never printed or journaled
  pin_current TEXT NOT NULL,   -- "sha256//<base64>" of the centre's public key
  pin_next    TEXT,            -- the key the centre rotates to
  ca_file     TEXT,            -- optional CA bundle; the pin is what is trusted
  enrolled_at INTEGER NOT NULL
);

-- pushed_seq: every journal entry up to it has the centre's answer.
-- stopped: why sync stopped until IT acts (revoked, unknown token, pin
-- mismatch); NULL while it runs.
CREATE TABLE sync_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  pushed_seq    INTEGER NOT NULL DEFAULT 0 CHECK (pushed_seq >= 0),
  centre_seq    INTEGER NOT NULL DEFAULT 0,
  last_success  INTEGER,
  offline_since INTEGER,
  last_error    TEXT,
  failures      INTEGER NOT NULL DEFAULT 0,
  next_attempt  INTEGER NOT NULL DEFAULT 0,
  stopped       TEXT
);

-- An entry the centre rejected: kept until a manager resolves it, never dropped.
CREATE TABLE sync_exceptions (
  seq         INTEGER PRIMARY KEY,
  entry_id    TEXT NOT NULL,
  kind        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  raised_at   INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by TEXT,
  note        TEXT
);

CREATE TABLE sync_cursors (
  stream TEXT PRIMARY KEY,
  cursor INTEGER NOT NULL CHECK (cursor >= 0)
);
