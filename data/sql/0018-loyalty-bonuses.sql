-- 0018-loyalty-bonuses.sql — the bonuses a sale grants (消费满N送分 to its
-- member, the referral bonus to the referrer of a member's first purchase)
-- and the condition each met, so a return that takes the sale below that
-- condition takes the bonus back (src/loyalty-bonus.c). A bonus is a lot of
-- its own (source 'campaign' for a threshold bonus, 'referral'); this row
-- says which sale granted it and what the condition was measured on.
--   measure  the fen the condition was measured on (threshold: the eligible
--            spend by the rules' threshold_measure; referral: the goods total)
--   lines    that measure line by line, a JSON array of [line_no, fen], so a
--            partial return takes back exactly its lines' part of the measure
-- Rows are written once with the sale and never change.
CREATE TABLE sale_bonuses (
  lot_id  INTEGER PRIMARY KEY REFERENCES points_lots (id),
  sale_id TEXT NOT NULL REFERENCES sales (id),
  kind    TEXT NOT NULL CHECK (kind = 'threshold' OR kind = 'referral'),
  measure INTEGER NOT NULL CHECK (measure > 0),
  points  INTEGER NOT NULL CHECK (points > 0),
  lines   TEXT NOT NULL CHECK (json_valid (lines))
);
CREATE INDEX sale_bonuses_sale ON sale_bonuses (sale_id);
CREATE TRIGGER sale_bonuses_no_update BEFORE UPDATE ON sale_bonuses
BEGIN
  SELECT RAISE (ABORT, 'a sale''s bonus record never changes');
END;
CREATE TRIGGER sale_bonuses_no_delete BEFORE DELETE ON sale_bonuses
BEGIN
  SELECT RAISE (ABORT, 'a sale''s bonus record never changes');
END;

-- Stored value that a return gives back after the member's top-ups were all
-- refunded is paid out at once (docs/loyalty-rules.md, "goods returned after
-- their top-up was refunded"): a further refund row of a refunded top-up, so
-- a top-up may now have more than one refund. Their sum never exceeds the
-- top-up (`mallposctl check`).
DROP INDEX sv_top_ups_one_refund;
CREATE INDEX sv_top_ups_refunds ON sv_top_ups (original_id) WHERE kind = 'refund';
-- A payout names the return it pays out in its reference.
CREATE INDEX sv_top_ups_reference ON sv_top_ups (reference) WHERE kind = 'refund';
