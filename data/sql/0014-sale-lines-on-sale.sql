-- 0014-sale-lines-on-sale.sql — a sale's lines are kept on its row, as its
-- tenders are (0012). Ten line rows (keyed by the sale's 36-character id,
-- plus the index on it) were some ten of a member sale's 35 pages written
-- and a third of its instructions. sales.lines is a JSON array with one
-- array per line, in line order:
--   [line_no, sku_id, code, name, weighed, qty, unit_price, gross, net, tax,
--    tax_rate_bp, original_line_no, adjustments, loyalty]
-- amounts in fen, qty in pieces or grams; original_line_no null but on a
-- return; adjustments as 0010 kept them ([[kind, source, label, amount], …]
-- or null); loyalty [points_burnt, points_value, sv_principal, sv_bonus,
-- points_earned] or null when the sale moved none. Written once: a trigger
-- refuses to change it. sale_lines, line_adjustments and loyalty_lines
-- remain as views with their columns; the integrity check proves every
-- line's SKU exists, which the table's foreign key did.
ALTER TABLE sales ADD COLUMN lines TEXT;
UPDATE sales SET lines =
  (SELECT json_group_array (json_array (
            l.line_no, l.sku_id, l.code, l.name, l.weighed, l.qty, l.unit_price, l.gross, l.net,
            l.tax, l.tax_rate_bp, l.original_line_no, json (l.adjustments),
            json (CASE WHEN l.points_earned IS NOT NULL
                       THEN json_array (l.points_burnt, l.points_value, l.sv_principal,
                                        l.sv_bonus, l.points_earned) END)))
     FROM (SELECT * FROM sale_lines WHERE sale_id = sales.id ORDER BY line_no) l
   HAVING count(*) > 0);
DROP VIEW line_adjustments;
DROP VIEW loyalty_lines;
DROP TABLE sale_lines;

CREATE TRIGGER sales_lines_written_once BEFORE UPDATE OF lines ON sales
  WHEN OLD.lines IS NOT NULL
BEGIN
  SELECT RAISE (ABORT, 'a sale''s lines never change once written');
END;

CREATE VIEW sale_lines (sale_id, line_no, sku_id, code, name, weighed, qty, unit_price, gross,
                        net, tax, tax_rate_bp, original_line_no, adjustments, points_burnt,
                        points_value, sv_principal, sv_bonus, points_earned) AS
  SELECT s.id, l.value ->> 0, l.value ->> 1, l.value ->> 2, l.value ->> 3, l.value ->> 4,
         l.value ->> 5, l.value ->> 6, l.value ->> 7, l.value ->> 8, l.value ->> 9,
         l.value ->> 10, l.value ->> 11, l.value ->> 12, l.value ->> '$[13][0]',
         l.value ->> '$[13][1]', l.value ->> '$[13][2]', l.value ->> '$[13][3]',
         l.value ->> '$[13][4]'
    FROM sales s, json_each (s.lines) l
   WHERE s.lines IS NOT NULL;
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
