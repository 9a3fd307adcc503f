-- 0001-centre.sql — the centre's first schema: terminals and their
-- credentials, the journal entries they pushed (the entry's global id is the
-- primary key: exactly-once under any retry and any number of centre
-- processes), the ledger those entries carry and the balances it sums to,
-- and the prices the terminals pull.

CREATE TABLE terminals (
  id             bigserial PRIMARY KEY,
  store_id       text NOT NULL,
  terminal_id    text NOT NULL,
  code_hash      text,                 -- SHA-256 of the one-time enrolment code
  code_expires   timestamptz,
  token_hash     text UNIQUE,          -- SHA-256 of the bearer token
  revoked_at     timestamptz,
  contiguous_seq bigint NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, terminal_id)
);

-- status: applied or rejected (a duplicate is an answer, never a row).
CREATE TABLE entries (
  id          uuid PRIMARY KEY,
  terminal    bigint NOT NULL REFERENCES terminals (id),
  seq         bigint NOT NULL CHECK (seq >= 1),
  kind        text NOT NULL,
  ref_id      text NOT NULL,
  created_at  bigint NOT NULL,
  payload     jsonb NOT NULL,
  status      text NOT NULL CHECK (status = 'applied' OR status = 'rejected'),
  reason      text,
  received_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- A sequence is held by one entry; an entry rejected because its sequence was
-- already held is kept (so its retry gets the same answer) outside the index.
CREATE UNIQUE INDEX entries_terminal_seq ON entries (terminal, seq)
  WHERE reason IS NULL OR reason NOT LIKE 'sequence %';

-- The centre's ledger: append-only; asset 'points' counts points, asset
-- 'stored_value' counts fen.
CREATE TABLE ledger (
  id       bigserial PRIMARY KEY,
  entry_id uuid NOT NULL REFERENCES entries (id),
  account  text NOT NULL,
  asset    text NOT NULL CHECK (asset = 'points' OR asset = 'stored_value'),
  delta    bigint NOT NULL
);
CREATE INDEX ledger_account ON ledger (account, asset);

CREATE TABLE balances (
  account text NOT NULL,
  asset   text NOT NULL,
  balance bigint NOT NULL,
  PRIMARY KEY (account, asset)
);

CREATE SEQUENCE price_change;
CREATE TABLE prices (
  code      text PRIMARY KEY,
  name      text NOT NULL,
  price_fen bigint NOT NULL CHECK (price_fen >= 0),
  change    bigint NOT NULL UNIQUE
);
