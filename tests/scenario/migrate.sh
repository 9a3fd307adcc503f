#!/bin/bash
# migrate.sh — stores and the baseline schema (data/sql/0025-baseline.sql,
# which replaced migrations 0001–0025). A store made from the baseline's SQL
# alone, with records in it, opens with this program: every later migration
# applies on top, every row survives, new records go on from the old ones
# and check passes. A store from a development build before the baseline is
# refused as it is, with what to do instead. (test-store-baseline proves the
# baseline makes the store the old migrations made.)
. "$(dirname "$0")/lib.sh"
SQL_DIR="$DEMO/../sql"
NEWEST=$(ls "$SQL_DIR" | sed -n 's/^0*\([0-9][0-9]*\)-.*\.sql$/\1/p' | sort -n | tail -1)

section "a store at the baseline schema, made by its SQL alone"
{
  echo "BEGIN;"
  cat "$SQL_DIR/0025-baseline.sql"
  cat <<'SQL'
PRAGMA application_id = 1297108819;
PRAGMA user_version = 25;
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
INSERT INTO journal (seq, id, kind, ref_id, payload, created_at) VALUES
  (1, '019a0000-0000-7000-8000-000000000001', 'import_catalog', 'c1', '{"rows":1}', 1763000000);
UPDATE counters SET value = 1 WHERE name = 'journal';
UPDATE counters SET value = 41 WHERE name = 'stock_folded_through';
COMMIT;
SQL
} | sqlite3 -batch "$MALLPOS_STORE" || { echo "Bail out! cannot build the baseline store"; exit 1; }
same "$(sql 'PRAGMA user_version')" 25 "the store is at the baseline, 25"

section "opening it applies every later migration and keeps every row"
expect 0 "check opens, migrates and finds the store consistent" check
same "$(sql 'PRAGMA user_version')" "$NEWEST" "the store is at the newest schema ($NEWEST)"
same "$(sql 'PRAGMA foreign_key_check' | wc -l)" 0 "no foreign key points nowhere"
same "$(sql "SELECT count(*) FROM members WHERE qr_secret IS NOT NULL") $(sql "SELECT count(*) FROM member_qr_secrets")" \
  "0 1" "the member's code secret is sealed beside the store (0027), none left in clear"
same "$(sql "SELECT group_concat (seq || ':' || kind, ' ') FROM journal")" "1:import_catalog" \
  "the journal entry is still there"
expect 0 "the old product is still found by name" product --search 老坛酸菜
mentions "$OUT" "900001" "search finds it"
expect 0 "the member is found by card" member lookup 8600000000007 --json
same "$(jq -r '.name' "$OUT")" "老会员" "with its name"

section "new records go on from where the store stopped"
expect 0 "the loyalty rules" import loyalty-rules "$DEMO/loyalty-rules.json"
same "$(sql "SELECT max (seq) FROM journal")" 2 "their journal entry is seq 2, right after the store's last"
expect 0 "a shift opens on the store's drawer" shift open --float 0 --cashier 1001
same "$(sql "SELECT seq FROM journal WHERE kind = 'shift_open'")" 3 "its journal entry is seq 3"
printf '{"cashier":"1001","member":"8600000000007","lines":[{"code":"6900000000014","qty":2}],"tenders":[{"type":"cash","amount":"9.00"}]}' >"$T/doc"
expect 0 "a sale" sale <"$T/doc"
same "$(sql "SELECT seq FROM journal WHERE kind = 'sale'")" 4 "the sale's journal entry is seq 4"
same "$(stock_of 900001)" 3 "stock 5 - 2"
expect 0 "and check still passes" check
if sqlite3 -batch "$MALLPOS_STORE" \
  "INSERT INTO stock_movements (sku_id, qty, reason, created_at) VALUES (1, 1, 'theft', 0)" 2>/dev/null; then
  fail "the baseline's table refuses an unknown stock movement reason"
else
  pass "the baseline's table refuses an unknown stock movement reason"
fi

section "a store from before the baseline is refused as it is"
OLD="$T/old.db"
sqlite3 -batch "$OLD" "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO settings VALUES ('store_code', 'OLD');
  PRAGMA user_version = 3; PRAGMA application_id = 1297108819;" \
  || { echo "Bail out! cannot build the old store"; exit 1; }
MALLPOS_STORE="$OLD" expect 5 "check on a schema-3 store" check
mentions "$ERR" "schema version 3, from a development build older than the baseline schema 25" \
  "it says why"
mentions "$ERR" "make a new store with \`mallposctl init\`" "and what to do"
same "$(sqlite3 -batch "$OLD" 'PRAGMA user_version') $(sqlite3 -batch "$OLD" 'SELECT value FROM settings')" \
  "3 OLD" "the old store is left as it was"

finish
