-- 0010-sale-lines.sql — fewer rows, pages and throw-away b-trees per sale
-- (DESIGN.md target: durable sale commit < 2× a bare single-row commit).
--
-- 1. A CHECK of the form `x IN ('a', 'b', 'c')` with more than two values
--    makes SQLite build a b-tree of the values each time a statement that
--    checks it runs (points lots and ledgers, stored value: every member
--    sale). The same rules spelt with OR are a few comparisons. Only the
--    text of the constraints changes, not what they allow nor how rows are
--    stored, so SQLite's documented procedure for editing a CHECK in place
--    is used (https://sqlite.org/lang_altertable.html, "making other kinds
--    of table schema changes"): edit the schema text, then reload it.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace (sql, 'kind IN (''issue'', ''redeem'', ''restore'', ''expire'', ''void'')',
  '(kind = ''issue'' OR kind = ''redeem'' OR kind = ''restore'' OR kind = ''expire'' OR kind = ''void'')')
  WHERE type = 'table' AND name = 'coupon_events';
UPDATE sqlite_schema SET sql = replace (sql, 'type IN (''amount'', ''percent'', ''gift'')',
  '(type = ''amount'' OR type = ''percent'' OR type = ''gift'')')
  WHERE type = 'table' AND name = 'coupon_templates';
UPDATE sqlite_schema SET sql = replace (sql, 'status IN (''issued'', ''redeemed'', ''expired'', ''void'')',
  '(status = ''issued'' OR status = ''redeemed'' OR status = ''expired'' OR status = ''void'')')
  WHERE type = 'table' AND name = 'coupons';
UPDATE sqlite_schema SET sql = replace (sql, 'source IN (''manual'', ''campaign'', ''birthday'', ''monthly'',
                     ''exchange'', ''top_up'')',
  '(source = ''manual'' OR source = ''campaign'' OR source = ''birthday'' OR source = ''monthly'' OR source = ''exchange'' OR source = ''top_up'')')
  WHERE type = 'table' AND name = 'coupons';
UPDATE sqlite_schema SET sql = replace (sql, 'reason IN (''import'', ''exchange'', ''cancel'')',
  '(reason = ''import'' OR reason = ''exchange'' OR reason = ''cancel'')')
  WHERE type = 'table' AND name = 'exchange_stock';
UPDATE sqlite_schema SET sql = replace (sql, 'kind IN (''activate'', ''deactivate'', ''spend'', ''refund'', ''redeem'',
                ''register'', ''transfer'', ''freeze'', ''lost'', ''unfreeze'')',
  '(kind = ''activate'' OR kind = ''deactivate'' OR kind = ''spend'' OR kind = ''refund'' OR kind = ''redeem'' OR kind = ''register'' OR kind = ''transfer'' OR kind = ''freeze'' OR kind = ''lost'' OR kind = ''unfreeze'')')
  WHERE type = 'table' AND name = 'gift_card_ledger';
UPDATE sqlite_schema SET sql = replace (sql, 'kind IN (''activate'', ''deactivate'', ''spend'', ''refund'', ''redeem'')',
  '(kind = ''activate'' OR kind = ''deactivate'' OR kind = ''spend'' OR kind = ''refund'' OR kind = ''redeem'')')
  WHERE type = 'table' AND name = 'gift_card_ledger';
UPDATE sqlite_schema SET sql = replace (sql, 'status IN (''active'', ''lost'', ''replaced'')',
  '(status = ''active'' OR status = ''lost'' OR status = ''replaced'')')
  WHERE type = 'table' AND name = 'member_cards';
UPDATE sqlite_schema SET sql = replace (sql, 'tender_type IN (''cash'', ''bank_card'', ''mobile'')',
  '(tender_type = ''cash'' OR tender_type = ''bank_card'' OR tender_type = ''mobile'')')
  WHERE type = 'table' AND name = 'points_exchanges';
UPDATE sqlite_schema SET sql = replace (sql, 'kind IN (''earn'', ''confirm'', ''reject'', ''burn'', ''restore'',
                ''reverse'', ''expire'', ''adjust'', ''freeze'', ''unfreeze'', ''transfer_out'',
                ''transfer_in'')',
  '(kind = ''earn'' OR kind = ''confirm'' OR kind = ''reject'' OR kind = ''burn'' OR kind = ''restore'' OR kind = ''reverse'' OR kind = ''expire'' OR kind = ''adjust'' OR kind = ''freeze'' OR kind = ''unfreeze'' OR kind = ''transfer_out'' OR kind = ''transfer_in'')')
  WHERE type = 'table' AND name = 'points_ledger';
UPDATE sqlite_schema SET sql = replace (sql, 'source IN (''sale'', ''registration'', ''birthday'', ''referral'',
                ''review'', ''adjustment'', ''campaign'', ''exchange'', ''transfer'')',
  '(source = ''sale'' OR source = ''registration'' OR source = ''birthday'' OR source = ''referral'' OR source = ''review'' OR source = ''adjustment'' OR source = ''campaign'' OR source = ''exchange'' OR source = ''transfer'')')
  WHERE type = 'table' AND name = 'points_lots';
UPDATE sqlite_schema SET sql = replace (sql, 'status IN (''pending'', ''confirmed'', ''rejected'')',
  '(status = ''pending'' OR status = ''confirmed'' OR status = ''rejected'')')
  WHERE type = 'table' AND name = 'points_lots';
UPDATE sqlite_schema SET sql = replace (sql, 'type IN (''time_discount'', ''threshold'', ''buy_x_get_y'')',
  '(type = ''time_discount'' OR type = ''threshold'' OR type = ''buy_x_get_y'')')
  WHERE type = 'table' AND name = 'promotions';
UPDATE sqlite_schema SET sql = replace (sql, 'kind IN (''top_up'', ''spend'', ''refund'', ''top_up_refund'',
                 ''gift_card'')',
  '(kind = ''top_up'' OR kind = ''spend'' OR kind = ''refund'' OR kind = ''top_up_refund'' OR kind = ''gift_card'')')
  WHERE type = 'table' AND name = 'sv_ledger';
UPDATE sqlite_schema SET sql = replace (sql, 'tender_type IN (''cash'', ''bank_card'', ''mobile'')',
  '(tender_type = ''cash'' OR tender_type = ''bank_card'' OR tender_type = ''mobile'')')
  WHERE type = 'table' AND name = 'sv_top_ups';
PRAGMA writable_schema = RESET;

-- 2. A sale line carries its price adjustments and its loyalty allocation
--    itself. They were rows of their own (line_adjustments: 1–3 per line;
--    loyalty_lines: one per line of a member sale), keyed by the sale's
--    36-character id, in tables without rowid where every append rebalances
--    three leaf pages: 14 of a member sale's 59 pages written. Now:
--    * adjustments: the line's steps from gross to net, in order, as a JSON
--      array of [kind, source, label, amount] (amount in fen, negative for a
--      discount); NULL when the line has none (returns never have any).
--    * points_burnt … points_earned: the line's share of the sale's points
--      and stored value; all NULL when the sale moved none (as before, when
--      it had no loyalty_lines rows).
--    The table gets a rowid, so a sale appends at the end of the table;
--    (sale_id, line_no) stays unique and is how lines are found.
--    line_adjustments and loyalty_lines remain, as views with the same
--    columns, for reports and checks that read them.
CREATE TABLE sale_lines_v10 (
  id               INTEGER PRIMARY KEY,
  sale_id          TEXT NOT NULL REFERENCES sales (id),
  line_no          INTEGER NOT NULL,
  sku_id           INTEGER NOT NULL REFERENCES skus (id),
  code             TEXT NOT NULL,
  name             TEXT NOT NULL,
  weighed          INTEGER NOT NULL CHECK (weighed IN (0, 1)),
  qty              INTEGER NOT NULL,
  unit_price       INTEGER NOT NULL,
  gross            INTEGER NOT NULL,
  net              INTEGER NOT NULL,
  tax              INTEGER NOT NULL,
  tax_rate_bp      INTEGER NOT NULL,
  original_line_no INTEGER,
  adjustments      TEXT,
  points_burnt     INTEGER,
  points_value     INTEGER,
  sv_principal     INTEGER,
  sv_bonus         INTEGER,
  points_earned    INTEGER,
  UNIQUE (sale_id, line_no),
  CHECK ((points_burnt IS NULL) = (points_earned IS NULL)
         AND (points_value IS NULL) = (points_earned IS NULL)
         AND (sv_principal IS NULL) = (points_earned IS NULL)
         AND (sv_bonus IS NULL) = (points_earned IS NULL))
);
INSERT INTO sale_lines_v10 (sale_id, line_no, sku_id, code, name, weighed, qty, unit_price, gross,
                            net, tax, tax_rate_bp, original_line_no, adjustments, points_burnt,
                            points_value, sv_principal, sv_bonus, points_earned)
  SELECT l.sale_id, l.line_no, l.sku_id, l.code, l.name, l.weighed, l.qty, l.unit_price, l.gross,
         l.net, l.tax, l.tax_rate_bp, l.original_line_no,
         (SELECT json_group_array (json_array (a.kind, a.source, a.label, a.amount))
            FROM (SELECT kind, source, label, amount FROM line_adjustments
                   WHERE sale_id = l.sale_id AND line_no = l.line_no ORDER BY seq) a
          HAVING count(*) > 0),
         y.points_burnt, y.points_value, y.sv_principal, y.sv_bonus, y.points_earned
    FROM sale_lines l JOIN sales s ON s.id = l.sale_id
    LEFT JOIN loyalty_lines y ON y.sale_id = l.sale_id AND y.line_no = l.line_no
   ORDER BY s.created_at, s.receipt_no, l.line_no;
DROP TABLE line_adjustments;
DROP TABLE loyalty_lines;
DROP TABLE sale_lines;
ALTER TABLE sale_lines_v10 RENAME TO sale_lines;

CREATE VIEW line_adjustments (sale_id, line_no, seq, kind, source, label, amount) AS
  SELECT l.sale_id, l.line_no, a.key + 1, a.value ->> 0, a.value ->> 1, a.value ->> 2,
         a.value ->> 3
    FROM sale_lines l, json_each (l.adjustments) a
   WHERE l.adjustments IS NOT NULL;
CREATE VIEW loyalty_lines (sale_id, line_no, points_burnt, points_value, sv_principal, sv_bonus,
                           points_earned) AS
  SELECT sale_id, line_no, points_burnt, points_value, sv_principal, sv_bonus, points_earned
    FROM sale_lines
   WHERE points_earned IS NOT NULL;
