-- 0012-sale-tenders.sql — a sale's tenders are kept on its row, as its
-- lines keep their adjustments (0010): a member sale paid three ways wrote
-- three rows keyed by the sale's 36-character id into a table without
-- rowid, some three pages per sale. sales.tenders is a JSON array of
-- [seq, type, amount, reference, provider, original_seq] in seq order
-- (amount in fen; original_seq: the tender a refund gives back, or null);
-- NULL for a return waiting for approval, which has none yet. `tenders`
-- remains, as a view with the same columns.
ALTER TABLE sales ADD COLUMN tenders TEXT;
UPDATE sales SET tenders =
  (SELECT json_group_array (json_array (t.seq, t.type, t.amount, t.reference, t.provider,
                                        t.original_seq))
     FROM (SELECT * FROM tenders WHERE sale_id = sales.id ORDER BY seq) t
   HAVING count(*) > 0);
DROP TABLE tenders;
CREATE VIEW tenders (sale_id, seq, type, amount, reference, provider, original_seq) AS
  SELECT s.id, t.value ->> 0, t.value ->> 1, t.value ->> 2, t.value ->> 3, t.value ->> 4,
         t.value ->> 5
    FROM sales s, json_each (s.tenders) t
   WHERE s.tenders IS NOT NULL;
