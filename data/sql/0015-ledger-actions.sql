-- 0015-ledger-actions.sql — the points and stored-value ledgers are read by
-- business action (the journal payload of a sale, a return, a top-up, an
-- adjustment: "the rows of action X"), and had no index for it: every
-- journal entry read scanned the whole ledger. An index on action_id
-- replaces the one on sale_id: a row's sale_id, when it has one, is its
-- action_id (a sale's or return's own id; the integrity check proves it),
-- so "the rows of sale X" are found through it too. A sale still inserts
-- into as many indexes as before.
DROP INDEX points_ledger_sale;
CREATE INDEX points_ledger_action ON points_ledger (action_id);
DROP INDEX sv_ledger_sale;
CREATE INDEX sv_ledger_action ON sv_ledger (action_id);
