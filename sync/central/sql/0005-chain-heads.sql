-- 0005-chain-heads.sql — the centre vouches for each terminal's audit chain
-- (PROTOCOL.md section 8). Every journal entry carries the head of the
-- terminal's hash chain as it stood when the entry was written
-- (payload.chain_head: seq, link). The centre keeps each link it received,
-- once per seq: a link sent again for a seq it holds must be the same (a
-- different one: the chain forked, rows were rewritten and relinked), and
-- from one entry to the next the head never goes back (it did: rows were
-- removed, or the store was put back to an older copy). chain_broken says
-- how it first broke, and stays: the proof is kept for IT.
CREATE TABLE chain_links (
  terminal bigint NOT NULL REFERENCES terminals (id),
  seq      bigint NOT NULL CHECK (seq >= 1),
  link     text NOT NULL,
  entry_id uuid NOT NULL,  -- the entry that carried it first
  PRIMARY KEY (terminal, seq)
);

ALTER TABLE terminals
  ADD COLUMN chain_seq bigint NOT NULL DEFAULT 0,        -- the highest head vouched for
  ADD COLUMN chain_entry_seq bigint NOT NULL DEFAULT 0,  -- the entry that carried it
  ADD COLUMN chain_broken text;                          -- how the chain broke, or NULL
