#!/bin/bash
# migrate.sh — a store written by an older MallPOS (schema 3, before the
# migrations that rebuilt the journal, the stored-value ledger and the stock
# movements and changed indexes) opens with this one: every row survives,
# the journal's sequence goes on where it stopped, and check passes.
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
INSERT INTO prices (sku_id, level_code, price, effective_from, created_at) VALUES (1, NULL, 450, 0, 1763000000);
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
INSERT INTO journal (seq, id, kind, ref_id, payload, created_at) VALUES
  (1, '019a0000-0000-7000-8000-000000000001', 'import_catalog', 'c1', '{"rows":1}', 1763000000),
  (2, '019a0000-0000-7000-8000-000000000002', 'top_up', 't1', '{"id":"t1"}', 1763000000),
  (3, '019a0000-0000-7000-8000-000000000004', 'points_adjust', 'a1', '{"id":"a1"}', 1763000000);
UPDATE sqlite_sequence SET seq = 3 WHERE name = 'journal';
SQL
} | sqlite3 -batch "$MALLPOS_STORE" || { echo "Bail out! cannot build the schema-3 store"; exit 1; }
same "$(sql 'PRAGMA user_version')" 3 "the old store is at schema 3"

section "opening it migrates it and keeps every row"
expect 0 "check opens, migrates and finds the store consistent" check
same "$(sql 'PRAGMA user_version')" "$(ls "$SQL_DIR" | sed -n 's/^0*\([0-9][0-9]*\)-.*\.sql$/\1/p' | sort -n | tail -1)" \
  "the store is at the newest schema"
same "$(sql 'PRAGMA foreign_key_check' | wc -l)" 0 "no foreign key points nowhere"
same "$(sql "SELECT group_concat (seq || ':' || kind, ' ') FROM journal")" \
  "1:import_catalog 2:top_up 3:points_adjust" "journal entries keep their sequence numbers"
same "$(sql "SELECT id || ' ' || qty || ' ' || reason FROM stock_movements")" "41 5 import" \
  "the stock movement keeps its id"
same "$(sql "SELECT value FROM counters WHERE name = 'stock_folded_through'")" 41 \
  "the stock as it was is marked folded (0011)"
same "$(sql "SELECT id || ' ' || kind || ' ' || principal || ' ' || bonus FROM sv_ledger")" \
  "3 top_up 50000 5000" "the stored-value ledger row keeps its id and amounts"
expect 0 "the member's stored value" stored-value balance 8600000000007 --json
same "$(jq -r '.principal + " " + .bonus' "$OUT")" "500.00 50.00" "balance as before"
expect 0 "the member's points" points balance 8600000000007 --json
same "$(jq -r '.available' "$OUT")" 300 "points as before"

section "new records go on from where the old store stopped"
expect 0 "the loyalty rules, as the old store never had them" import loyalty-rules "$DEMO/loyalty-rules.json"
same "$(sql "SELECT max (seq) FROM journal")" 4 "their journal entry is seq 4, right after the old store's last"
printf '{"cashier":"1001","member":"8600000000007","lines":[{"code":"6900000000014","qty":2}],"tenders":[{"type":"stored_value","amount":"9.00"}]}' >"$T/doc"
expect 0 "a sale paid with stored value" sale <"$T/doc"
same "$(sql "SELECT seq FROM journal WHERE kind = 'sale'")" 5 "the sale's journal entry is seq 5"
same "$(stock_of 900001)" 3 "stock 5 - 2"
expect 0 "the journal reads back with the sale's payload" journal --after 4 --json
same "$(jq -r '.[0].payload.receipt_no' "$OUT")" "$(receipt_no 1)" "the derived payload names the receipt"
if sqlite3 -batch "$MALLPOS_STORE" \
  "INSERT INTO stock_movements (sku_id, qty, reason, created_at) VALUES (1, 1, 'theft', 0)" 2>/dev/null; then
  fail "the rebuilt table still refuses an unknown stock movement reason"
else
  pass "the rebuilt table still refuses an unknown stock movement reason"
fi

finish
