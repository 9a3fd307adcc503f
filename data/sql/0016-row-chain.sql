-- 0016-row-chain.sql — a hash chain over the rows that hold money (sales
-- with their lines and tenders, the points, stored-value, coupon and gift
-- card ledgers, top-ups and points exchanges), so that a flipped byte in
-- one of them, which SQLite has no page checksum to notice, is caught by
-- `mallposctl check` and named. src/row-chain.c writes and verifies it and
-- says what it can and cannot detect; the migration's C step
-- (mpos_row_chain_seal_unsealed, run in this migration's transaction)
-- seals the rows an older store already holds.
--
-- One link per write of a chained row, in the order the writes happened:
-- link = BLAKE2b (previous link, seq, tbl, row_key, row_hash). A row
-- written again (a return approved later) gets a new link; check compares
-- each row with its latest one. The head is the last link (largest seq),
-- found through the primary key: no other index, so a link costs one
-- b-tree append.
CREATE TABLE row_chain (
  seq      INTEGER PRIMARY KEY, -- 1, 2, 3, … with no gap
  tbl      TEXT NOT NULL,       -- the chained table
  row_key  NOT NULL,            -- the row's key there, as stored (integer or text)
  row_hash BLOB NOT NULL,       -- BLAKE2b-256 of the row's canonical encoding
  fields   BLOB NOT NULL,       -- 2 bytes per column: names the field that changed
  link     BLOB NOT NULL        -- BLAKE2b-256 chaining this link to the one before
);

CREATE TRIGGER row_chain_no_update BEFORE UPDATE ON row_chain
BEGIN
  SELECT RAISE (ABORT, 'the row chain is append-only');
END;
CREATE TRIGGER row_chain_no_delete BEFORE DELETE ON row_chain
BEGIN
  SELECT RAISE (ABORT, 'the row chain is append-only');
END;

