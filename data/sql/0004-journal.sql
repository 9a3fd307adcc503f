-- 0004-journal.sql — a cheaper durable sale commit (DESIGN.md target: < 2× a
-- bare single-row commit). Each table or index a sale touches is one more
-- page written to the WAL and synced, so:
--  * the journal's sequence comes from the `counters` row 'journal' (the
--    page the receipt counter already dirties) instead of AUTOINCREMENT's
--    sqlite_sequence page; the counter only grows, so a sequence number is
--    never reused even if old entries are pruned;
--  * a sale's journal payload may be NULL: a sale's rows (header, lines,
--    adjustments, tenders, loyalty ledger rows) are never updated, so the
--    payload is built from them when the entry is read for the centre
--    (journal-read.c) rather than serialised inside the sale's transaction.
--    Entries of anything that can change later (returns awaiting approval,
--    member records) keep their payload written at the time;
--  * sales_original indexes only returns.
CREATE TABLE journal_v4 (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL,
  ref_id     TEXT NOT NULL,
  payload    TEXT,
  created_at INTEGER NOT NULL
);
INSERT INTO journal_v4 (seq, id, kind, ref_id, payload, created_at)
  SELECT seq, id, kind, ref_id, payload, created_at FROM journal ORDER BY seq;
INSERT INTO counters (name, value)
  SELECT 'journal', max (coalesce ((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0),
                         coalesce ((SELECT max (seq) FROM journal), 0))
  WHERE true
  ON CONFLICT (name) DO UPDATE SET value = max (value, excluded.value);
DROP TABLE journal;
ALTER TABLE journal_v4 RENAME TO journal;

DROP INDEX sales_original;
CREATE INDEX sales_original ON sales (original_sale_id) WHERE original_sale_id IS NOT NULL;
