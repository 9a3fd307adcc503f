#!/bin/bash
# reimport.sh — a catalog import sets products, prices and barcodes, never
# stock: importing the catalog again leaves stock as the sales left it,
# --set-stock counts it to the file's figures with adjustment movements,
# and the import says what it changed. Catalog prices hold from the start;
# a prices file's later rows take effect at their date and are listed; a
# misspelt member level is refused by line.
. "$(dirname "$0")/lib.sh"

quote_total () { printf '{"lines":[{"sku":"%s"}]}' "$1" | "$MALLPOSCTL" quote | sed -n 's/^total *//p'; }

section "a catalog imported days after the store was made still prices earlier sales"
MALLPOS_NOW=2026-11-20T09:00:00+08:00 expect 0 "init on the 20th" init --from "$DEMO/store.json"
expect 0 "members (levels)" import members "$DEMO/members.json"
expect 0 "the catalog on the 23rd" import catalog "$DEMO/catalog.csv"
has_line "$OUT" "SKUs: created 256, updated 0, unchanged 0; stock: opening stock 253, adjusted 0" \
  "the import says what it created and which SKUs got an opening stock"
same "$(MALLPOS_NOW=2026-11-21T10:00:00+08:00 quote_total 100001)" "4.50" \
  "a sale on the 21st finds the list price (in effect from the start)"
same "$(sql "SELECT count(*) FROM stock_movements WHERE reason = 'import'")" 253 \
  "opening stock came as stock movements"

section "sales, then the same catalog again"
printf '{"cashier":"1001","lines":[{"sku":"100001","qty":5}],"tenders":[{"type":"cash","amount":"30.00"}]}' >"$T/doc"
expect 0 "sell 5 × 100001" sale <"$T/doc"
same "$(stock_of 100001)" 315 "stock 320 - 5"
expect 0 "import the catalog again" import catalog "$DEMO/catalog.csv"
has_line "$OUT" "SKUs: created 0, updated 0, unchanged 256; stock: opening stock 0, adjusted 0" \
  "nothing changed"
mentions "$OUT" "stock left as it is for 1 existing SKU(s)" "it says a stock differs and was left"
mentions "$OUT" "--set-stock" "it says how to count to the file's figures"
same "$(stock_of 100001)" 315 "the sale is not undone"
expect 0 "check" check

section "a changed price is an update"
sed 's/^100001,\(.*\),4.50,/100001,\1,4.80,/' "$DEMO/catalog.csv" >"$T/catalog.csv"
expect 0 "import with 100001 at 4.80" import catalog "$T/catalog.csv" --json
same "$(jq -c '[.created, .updated, .unchanged, .stock_ignored]' "$OUT")" "[0,1,255,1]" \
  "--json: 1 updated, 255 unchanged, 1 stock left"
same "$(quote_total 100001)" "4.80" "the new price holds from the import"
same "$(MALLPOS_NOW=2026-11-21T10:00:00+08:00 quote_total 100001)" "4.50" "the old one before it"

section "--set-stock counts stock to the file's figures"
expect 0 "import --set-stock" import catalog "$T/catalog.csv" --set-stock
mentions "$OUT" "adjusted 1" "one SKU adjusted"
same "$(stock_of 100001)" 320 "stock is the file's figure again"
same "$(sql "SELECT qty || ' ' || reason FROM stock_movements ORDER BY id DESC LIMIT 1")" "5 adjust" \
  "through an adjustment movement of the difference"
expect_usage "--set-stock with prices" import prices "$T/catalog.csv" --set-stock

section "scheduled prices take effect at their date"
cat >"$T/prices.csv" <<'CSV'
sku,price,level,effective_from,effective_to
100095,3.20,,2026-12-01T00:00:00+08:00,
100095,3.00,,2026-12-05T00:00:00+08:00,
100095,2.80,gold,2026-11-01T00:00:00+08:00,
CSV
expect 0 "import the prices" import prices "$T/prices.csv"
has_line "$OUT" "prices: 1 in effect now, 2 scheduled for later" "it counts the scheduled rows"
mentions "$OUT" "line 2: scheduled: SKU 100095 3.20 takes effect at 2026-12-01 00:00:00" "line 2 listed"
mentions "$OUT" "line 3: scheduled: SKU 100095 3.00 takes effect at 2026-12-05 00:00:00" "line 3 listed"
same "$(quote_total 100095)" "3.50" "today the list price"
same "$(MALLPOS_NOW=2026-12-03T10:00:00+08:00 quote_total 100095)" "3.20" "from 1 December 3.20"
same "$(MALLPOS_NOW=2026-12-06T10:00:00+08:00 quote_total 100095)" "3.00" "from 5 December 3.00"
MALLPOS_NOW=2026-12-06T09:00:00+08:00 expect 0 "the catalog again on 6 December" \
  import catalog "$T/catalog.csv"
same "$(MALLPOS_NOW=2026-12-06T10:00:00+08:00 quote_total 100095)" "3.00" \
  "re-importing the catalog does not override the scheduled price in effect"

section "a misspelt member level is refused"
printf 'sku,price,level,effective_from,effective_to\n100095,3.10,glod,2026-12-01T00:00:00+08:00,\n' >"$T/glod.csv"
before=$(fingerprint)
expect 4 "level glod" import prices "$T/glod.csv"
mentions "$ERR" "line 2: unknown member level “glod”; the store's levels are normal, silver, gold, diamond" \
  "names the line and the known levels"
sed 's/^100001,\(.*\),4.80,,/100001,\1,4.80,glod:4.00,/' "$T/catalog.csv" >"$T/glod-catalog.csv"
expect 4 "level glod in the catalog's member prices" import catalog "$T/glod-catalog.csv"
mentions "$ERR" "line 2: unknown member level “glod”" "names the line"
same "$(fingerprint)" "$before" "nothing was imported"
finish
