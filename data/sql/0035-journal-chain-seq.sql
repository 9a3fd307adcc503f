-- 0035-journal-chain-seq.sql — the row chain's head as it stood when a
-- journal entry without a payload (a completed sale, built from its rows
-- when read) was written: its seq, so the entry carries the link at that
-- seq (journal-read.c). The heads a terminal sends then never go back from
-- one entry to the next, and the centre can tell a rewound chain from a
-- late read (sync/PROTOCOL.md, "chain_head"). Entries written before this
-- migration take the head as it stands now: every entry written later has
-- one at least as high, every payload written earlier one no higher.
ALTER TABLE journal ADD COLUMN chain_seq INTEGER;
UPDATE journal SET chain_seq = (SELECT coalesce (max (seq), 0) FROM row_chain)
  WHERE payload IS NULL;
