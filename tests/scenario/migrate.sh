#!/bin/bash
# migrate.sh — a store written by an older MallPOS (schema 3, before the
# migrations that rebuilt the journal, the stored-value ledger, the stock
# movements and the sale lines, folded adjustments, loyalty shares and
# tenders into their sale's rows and changed indexes) opens with this one:
# every row survives, the journal's sequence goes on where it stopped, the
# money rows are sealed in the hash chain, and check passes.
. "$(dirname "$0")/lib.sh"
SQL_DIR="$DEMO/../sql"

section "a schema-3 store with records in every table a migration rebuilds"
{
  cat "$SQL_DIR/0001-initial.sql" "$SQL_DIR/0002-members.sql" "$SQL_DIR/0003-loyalty.sql"
  cat <<'SQL'
PRAGMA application_id = 1297108819;
PRAGMA user_version = 3;
INSERT INTO settings (key, value) VALUES ('store_code', 'S001'), ('terminal_code', 'T01'),
  ('time_zone', 'Asia/Shanghai'), ('business_day_cutoff_hour', '4'), ('store_name', '老店');
INSERT INTO member_levels (code, name, discount_bp, rank) VALUES ('normal', '普通会员', 0, 0);
INSERT INTO members (id, phone, name, level_code, created_at, uid, qr_secret, level_since)
  VALUES (7, '13700000007', '老会员', 'normal', 1763000000,
          '0f0e0d0c-0b0a-4908-8706-050403020100', zeroblob (32), 1763000000);
INSERT INTO member_cards (card_no, member_id, kind, status, created_at)
  VALUES ('8600000000007', 7, 'physical', 'active', 1763000000);
INSERT INTO categories (id, parent_id, name, path) VALUES (1, NULL, '食品', '食品');
INSERT INTO products (id, code, name, category_id, unit, tax_rate_bp) VALUES (1, 'P1', '老坛酸菜面', 1, 'piece', 1300);
INSERT INTO skus (id, code, product_id, spec, stock_qty) VALUES (1, '900001', 1, '120g', 5);
INSERT INTO barcodes (code, sku_id) VALUES ('6900000000014', 1);
-- as the old catalog import wrote a list price (effective from the import),
-- and a prices file's scheduled row (0017 tells them apart)
INSERT INTO prices (sku_id, level_code, price, effective_from, created_at) VALUES (1, NULL, 450, 1763000000, 1763000000);
INSERT INTO prices (sku_id, level_code, price, effective_from, effective_to, created_at)
  VALUES (1, NULL, 420, 1764000000, 1765000000, 1763000000);
INSERT INTO stock_movements (id, sku_id, qty, reason, ref, created_at) VALUES (41, 1, 5, 'import', NULL, 1763000000);
INSERT INTO sv_top_ups (id, receipt_no, kind, member_id, principal, bonus, tier, tender_type,
  business_day, cashier, created_at) VALUES ('t1', 'S001-T01-20251113-C0001', 'top_up', 7, 50000,
  5000, '500', 'cash', '20251113', '1001', 1763000000);
INSERT INTO sv_ledger (id, member_id, kind, principal, bonus, action_id, top_up_id, created_at)
  VALUES (3, 7, 'top_up', 50000, 5000, 't1', 't1', 1763000000);
UPDATE members SET sv_principal = 50000, sv_bonus = 5000 WHERE id = 7;
INSERT INTO points_lots (id, member_id, source, status, earned, remaining, earned_at, expires_at)
  VALUES (11, 7, 'adjustment', 'confirmed', 300, 300, 1763000000, NULL);
INSERT INTO points_ledger (id, member_id, lot_id, kind, available, action_id, reason, actor,
  approved_by, created_at) VALUES (21, 7, 11, 'adjust', 300, 'a1', 'welcome back', '1001', '9001', 1763000000);
UPDATE members SET points_available = 300 WHERE id = 7;
-- an old sale: a line with two price steps (one label with a quote), its
-- loyalty row (points earned, pending) and two tenders, all in the tables
-- 0010 and 0012 fold into sale_lines and sales
INSERT INTO sales (id, receipt_no, kind, status, business_day, created_at, cashier, member_id,
  member_level, item_count, subtotal, discount_total, total, tax_total, rounding, tendered, change)
  VALUES ('s1', 'S001-T01-20251113-0001', 'sale', 'completed', '20251113', 1763000100, '1001', 7,
          'normal', 1, 450, -50, 400, 46, 0, 500, 100);
INSERT INTO sale_lines (sale_id, line_no, sku_id, code, name, weighed, qty, unit_price, gross, net,
  tax, tax_rate_bp) VALUES ('s1', 1, 1, '6900000000014', '老坛酸菜面 120g', 0, 1, 450, 450, 400, 46, 1300);
INSERT INTO line_adjustments (sale_id, line_no, seq, kind, source, label, amount) VALUES
  ('s1', 1, 1, 'member_price', 'normal', '会员价 "老"', -20),
  ('s1', 1, 2, 'promotion', 'P1', '限时折扣', -30);
INSERT INTO loyalty_lines (sale_id, line_no, points_burnt, points_value, sv_principal, sv_bonus,
  points_earned) VALUES ('s1', 1, 0, 0, 0, 0, 4);
INSERT INTO tenders (sale_id, seq, type, amount, reference, provider) VALUES
  ('s1', 1, 'bank_card', 300, 'RRN7', NULL), ('s1', 2, 'cash', 200, NULL, NULL);
INSERT INTO stock_movements (id, sku_id, qty, reason, ref, created_at) VALUES (42, 1, -1, 'sale', 's1', 1763000100);
UPDATE skus SET stock_qty = 4 WHERE id = 1;
INSERT INTO points_lots (id, member_id, source, status, earned, remaining, earned_at, confirm_at,
  expires_at, sale_id) VALUES (12, 7, 'sale', 'pending', 4, 4, 1763000100, 1763604900, NULL, 's1');
INSERT INTO points_ledger (id, member_id, lot_id, kind, pending, action_id, sale_id, created_at)
  VALUES (22, 7, 12, 'earn', 4, 's1', 's1', 1763000100);
UPDATE members SET points_pending = 4 WHERE id = 7;
INSERT INTO journal (seq, id, kind, ref_id, payload, created_at) VALUES
  (1, '019a0000-0000-7000-8000-000000000001', 'import_catalog', 'c1', '{"rows":1}', 1763000000),
  (2, '019a0000-0000-7000-8000-000000000002', 'top_up', 't1', '{"id":"t1"}', 1763000000),
  (3, '019a0000-0000-7000-8000-000000000004', 'points_adjust', 'a1', '{"id":"a1"}', 1763000000),
  (4, '019a0000-0000-7000-8000-000000000005', 'sale', 's1', '{"id":"s1"}', 1763000100);
UPDATE sqlite_sequence SET seq = 4 WHERE name = 'journal';
SQL
} | sqlite3 -batch "$MALLPOS_STORE" || { echo "Bail out! cannot build the schema-3 store"; exit 1; }
same "$(sql 'PRAGMA user_version')" 3 "the old store is at schema 3"

section "opening it migrates it and keeps every row"
expect 0 "check opens, migrates and finds the store consistent" check
same "$(sql 'PRAGMA user_version')" "$(ls "$SQL_DIR" | sed -n 's/^0*\([0-9][0-9]*\)-.*\.sql$/\1/p' | sort -n | tail -1)" \
  "the store is at the newest schema"
same "$(sql 'PRAGMA foreign_key_check' | wc -l)" 0 "no foreign key points nowhere"
same "$(sql "SELECT group_concat (seq || ':' || kind, ' ') FROM journal")" \
  "1:import_catalog 2:top_up 3:points_adjust 4:sale" "journal entries keep their sequence numbers"
same "$(sql "SELECT group_concat (id || ' ' || qty || ' ' || reason, ', ') FROM stock_movements")" \
  "41 5 import, 42 -1 sale" "the stock movements keep their ids"
same "$(sql "SELECT value FROM counters WHERE name = 'stock_folded_through'")" 42 \
  "the stock as it was is marked folded (0011)"
same "$(sql "SELECT group_concat (seq || ' ' || kind || ' ' || source || ' ' || label || ' ' || amount, ', ')
             FROM line_adjustments WHERE sale_id = 's1' AND line_no = 1")" \
  '1 member_price normal 会员价 "老" -20, 2 promotion P1 限时折扣 -30' \
  "the old line's price steps, in order, through the line_adjustments view (0010)"
same "$(sql "SELECT points_burnt || ' ' || sv_principal || ' ' || points_earned FROM loyalty_lines
             WHERE sale_id = 's1'")" "0 0 4" "its loyalty share through the loyalty_lines view"
same "$(sql "SELECT group_concat (seq || ' ' || type || ' ' || amount || ' ' || coalesce (reference, '-'), ', ')
             FROM tenders WHERE sale_id = 's1'")" "1 bank_card 300 RRN7, 2 cash 200 -" \
  "its tenders through the tenders view (0012)"
same "$(sql "SELECT group_concat (price || ' ' || effective_from || ' ' || source, ', ') FROM prices")" \
  "450 0 catalog, 420 1764000000 schedule" \
  "the catalog's list price holds from the start, the scheduled row is marked so (0017)"
same "$(sql "SELECT group_concat (name || '=' || value, ' ') FROM counters
             WHERE name IN ('business_day', 'clock_last') ORDER BY name")" \
  "business_day=20251113 clock_last=1763000100" "the latest business day and clock reading are carried (0017)"
expect 0 "the old product is still found by name" product --search 老坛酸菜
mentions "$OUT" "900001" "search finds it through the index the old triggers made"
expect 0 "the old sale's receipt prints" receipt S001-T01-20251113-0001
grep -q '会员价 "老"' "$OUT" && grep -q 'RRN7' "$OUT" \
  && pass "the reprint shows the old price step and card reference" \
  || { fail "the reprint lost the old price step or card reference"; show_output; }
same "$(sql "SELECT id || ' ' || kind || ' ' || principal || ' ' || bonus FROM sv_ledger")" \
  "3 top_up 50000 5000" "the stored-value ledger row keeps its id and amounts"
expect 0 "the member's stored value" stored-value balance 8600000000007 --json
same "$(jq -r '.principal + " " + .bonus' "$OUT")" "500.00 50.00" "balance as before"
expect 0 "the member's points" points balance 8600000000007 --json
same "$(jq -r '.available' "$OUT")" 300 "points as before"

section "the old store's money rows are sealed in the hash chain (0016)"
same "$(sql "SELECT group_concat (tbl || ' ' || row_key, ', ') FROM row_chain")" \
  "sales s1, points_ledger 21, points_ledger 22, sv_ledger 3, sv_top_ups t1" \
  "the migration gave the old sale, ledger rows and top-up a link each"
cp "$MALLPOS_STORE" "$T/rotten.db"
sqlite3 -batch "$T/rotten.db" "DROP TRIGGER sales_lines_written_once;
  UPDATE sales SET lines = replace (lines, '老坛酸菜面', '老坛酸菜饭') WHERE id = 's1'" \
  || { echo "Bail out! cannot change the copy"; exit 1; }
expect 7 "check on a copy whose old sale lost a character of its line" check --store "$T/rotten.db"
mentions "$OUT" "sale S001-T01-20251113-0001 was changed after it was written (field lines" \
  "and it names the old sale and its lines"

section "new records go on from where the old store stopped"
expect 0 "the loyalty rules, as the old store never had them" import loyalty-rules "$DEMO/loyalty-rules.json"
same "$(sql "SELECT max (seq) FROM journal")" 5 "their journal entry is seq 5, right after the old store's last"
expect 0 "a shift opens on the old store's drawer" shift open --float 0 --cashier 1001
same "$(sql "SELECT seq FROM journal WHERE kind = 'shift_open'")" 6 "its journal entry is seq 6"
printf '{"cashier":"1001","member":"8600000000007","lines":[{"code":"6900000000014","qty":2}],"tenders":[{"type":"stored_value","amount":"9.00"}]}' >"$T/doc"
expect 0 "a sale paid with stored value" sale <"$T/doc"
mentions "$ERR" "MALLPOS_NOW=$MALLPOS_NOW is ignored: this is a production store" \
  "an old store is a production store: the real clock, and it says so"
same "$(sql "SELECT seq FROM journal WHERE kind = 'sale' AND ref_id <> 's1'")" 7 "the sale's journal entry is seq 7"
same "$(stock_of 900001)" 2 "stock 5 - 1 - 2"
expect 0 "the journal reads back with the sale's payload" journal --after 6 --json
same "$(jq -r '.[0].payload.receipt_no | test("^S001-T01-[0-9]{8}-0001$")' "$OUT")" true \
  "the derived payload names the receipt (of today: a production store's clock is real)"
if sqlite3 -batch "$MALLPOS_STORE" \
  "INSERT INTO stock_movements (sku_id, qty, reason, created_at) VALUES (1, 1, 'theft', 0)" 2>/dev/null; then
  fail "the rebuilt table still refuses an unknown stock movement reason"
else
  pass "the rebuilt table still refuses an unknown stock movement reason"
fi

finish
