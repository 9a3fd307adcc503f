-- 0019-journal-global-id.sql — the journal's global id (the UUIDv7 an entry
-- gets on the terminal, DESIGN.md invariant 5) is unique again: 0013 rebuilt
-- the table without its index. The centre applies each entry exactly once
-- by this id, so two entries sharing one would make the second vanish in
-- sync; the store refuses them at once instead. The journal is not a
-- hash-chained table: nothing to reseal.
CREATE UNIQUE INDEX journal_id ON journal (id);
