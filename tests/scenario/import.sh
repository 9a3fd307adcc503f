#!/bin/bash
# import.sh — importing the demo data, and refusing each broken catalog in
# data/demo/bad/: exit 4, the bad line named on stderr, the store unchanged
# (all or nothing); --skip-bad-rows imports exactly the good rows.
. "$(dirname "$0")/lib.sh"

section "the demo data"
expect 0 "init" init --from "$DEMO/store.json"
expect 0 "import catalog.csv" import catalog "$DEMO/catalog.csv"
has_line "$OUT" "imported 256 catalog row(s), rejected 0" "all 256 SKUs imported"
expect 0 "import promotions.json" import promotions "$DEMO/promotions.json"
has_line "$OUT" "imported 6 promotions" "6 promotions imported"
expect 0 "import members.json" import members "$DEMO/members.json"
has_line "$OUT" "imported 8 members" "8 members imported"
same "$(sql 'SELECT count(*) FROM skus')" "256" "256 SKUs in the store"
same "$(sql 'SELECT count(*) FROM products')" "$(cut -d, -f2 "$DEMO/catalog.csv" | sed 1d | sort -u | wc -l)" \
  "one product per distinct product code"
same "$(sql 'SELECT count(*) FROM barcodes')" "241" "241 barcodes (236 EAN-13 + 3 EAN-8 + 2 UPC-A)"
same "$(sql "SELECT count(*) FROM skus WHERE plu IS NOT NULL")" "20" "20 weighed goods with a PLU"
same "$(sql 'SELECT count(*) FROM members')" "8" "8 members"
same "$(sql 'SELECT count(*) FROM member_levels')" "4" "4 member levels"
same "$(sql "SELECT stock_qty FROM skus WHERE code = '100255'")" "0" "stock is imported (鸡翅中 0 g)"
expect 0 "--json report" import catalog "$DEMO/catalog.csv" --json
same "$(jq -c '[.kind, .ok, .imported, .rejected, (.problems | length)]' "$OUT")" \
  '["catalog",true,256,0,0]' "--json report fields"
same "$(sql 'SELECT count(*) FROM skus')" "256" "importing the same catalog again adds no SKU"
expect 0 "the demo store checks out" check

section "each broken file in data/demo/bad is refused whole"
# file:bad line (data/demo/README.md)
bad_files="bad-check-digit.csv:3 negative-price.csv:4 duplicate-barcode.csv:4 missing-column.csv:1
bad-unit.csv:3 bad-price-format.csv:2 overlong-name.csv:3 bad-utf8.csv:3"
count=0
for entry in $bad_files; do
  file=${entry%%:*}
  line=${entry##*:}
  count=$((count + 1))
  before=$(fingerprint)
  expect 4 "import $file" import catalog "$DEMO/bad/$file"
  if grep -Eq "(^|: )line $line: " "$ERR"; then
    pass "$file: stderr names line $line"
  else
    fail "$file: stderr does not name line $line"
    show_output
  fi
  if [ "$(grep -Eo 'line [0-9]+' "$ERR" | sort -u)" = "line $line" ]; then
    pass "$file: no other line is blamed"
  else
    fail "$file: other lines blamed: $(grep -Eo 'line [0-9]+' "$ERR" | sort -u | tr '\n' ' ')"
  fi
  if grep -Eq 'line [0-9]+: line [0-9]+' "$ERR"; then
    fail "$file: the line number is repeated: $(head -n 1 "$ERR")"
  else
    pass "$file: the line number is said once"
  fi
  if [ "$line" -ne 1 ]; then
    mentions "$ERR" "nothing was imported" "$file: stderr says nothing was imported"
  fi
  same "$(fingerprint)" "$before" "$file: the store is unchanged"
  expect 4 "import $file --json" import catalog "$DEMO/bad/$file" --json
  if [ "$line" -ne 1 ]; then
    same "$(jq -c '[.ok, .imported, [.problems[].line]]' "$OUT")" "[false,0,[$line]]" \
      "$file: --json names line $line and imports nothing"
  fi
  same "$(fingerprint)" "$before" "$file --json: the store is unchanged"
done
same "$count" "$(ls "$DEMO"/bad/*.csv | wc -l)" "every file in data/demo/bad is covered"
same "$(sql 'SELECT count(*) FROM skus')" "256" "still 256 SKUs after the broken files"

# Specific messages a user must be able to act on.
run import catalog "$DEMO/bad/bad-check-digit.csv"
mentions "$ERR" "6946593760240" "bad-check-digit: names the barcode"
mentions "$ERR" "check digit" "bad-check-digit: says it is the check digit"
run import catalog "$DEMO/bad/duplicate-barcode.csv"
mentions "$ERR" "6906953936868" "duplicate-barcode: names the barcode"
run import catalog "$DEMO/bad/bad-unit.csv"
mentions "$ERR" "box" "bad-unit: names the bad unit"
run import catalog "$DEMO/bad/bad-price-format.csv"
mentions "$ERR" "1e3" "bad-price-format: names the bad price"
run import catalog "$DEMO/bad/negative-price.csv"
mentions "$ERR" "-3.50" "negative-price: names the bad price"
run import catalog "$DEMO/bad/bad-utf8.csv"
mentions "$ERR" "UTF-8" "bad-utf8: says the text is not UTF-8"
run import catalog "$DEMO/bad/missing-column.csv"
mentions "$ERR" "“price”" "missing-column: names the missing column"
run import catalog "$DEMO/bad/overlong-name.csv"
mentions "$ERR" "name" "overlong-name: says the name is too long"

section "--skip-bad-rows imports the good rows"
# file:rows imported:rows rejected — every data row is either imported or rejected.
skip_files="bad-check-digit.csv:2:1 negative-price.csv:2:1 duplicate-barcode.csv:2:1
bad-unit.csv:1:1 bad-price-format.csv:1:1 overlong-name.csv:1:1 bad-utf8.csv:2:1"
total=256
for entry in $skip_files; do
  IFS=: read -r file imported rejected <<<"$entry"
  rows=$(($(grep -c '' "$DEMO/bad/$file") - 1))
  same "$((imported + rejected))" "$rows" "$file: $rows data rows"
  expect 0 "import --skip-bad-rows $file" import catalog --skip-bad-rows "$DEMO/bad/$file"
  has_line "$OUT" "imported $imported catalog row(s), rejected $rejected" \
    "$file: $imported imported, $rejected rejected"
  mentions "$ERR" "line " "$file: the rejected line is still reported"
  total=$((total + imported))
  same "$(sql 'SELECT count(*) FROM skus')" "$total" "$file: the SKU count grew by $imported"
done
same "$(sql "SELECT group_concat(code, ' ') FROM (SELECT code FROM skus WHERE code LIKE '9000%' ORDER BY code)")" \
  "900001 900003 900011 900012 900021 900022 900041 900052 900061 900071 900073" \
  "exactly the good SKUs of the bad files are in the store"
expect 0 "the good row after the bad UTF-8 row is sellable" product 6946300692993
before=$(fingerprint)
expect 4 "--skip-bad-rows cannot save a file without a price column" \
  import catalog --skip-bad-rows "$DEMO/bad/missing-column.csv"
same "$(fingerprint)" "$before" "missing-column --skip-bad-rows: the store is unchanged"

section "files that are not there or not catalogs"
expect 3 "import a missing file" import catalog "$T/missing.csv"
mentions "$ERR" "missing.csv" "the message names the missing file"
: >"$T/empty.csv"
expect 4 "import an empty file" import catalog "$T/empty.csv"
mentions "$ERR" "empty" "the message says the file is empty"
printf '{"promotions": [' >"$T/truncated.json"
before=$(fingerprint)
expect 4 "import truncated promotions" import promotions "$T/truncated.json"
mentions "$ERR" "JSON" "the message says the JSON is bad"
same "$(fingerprint)" "$before" "truncated promotions: the store is unchanged"

section "CSV rows of the wrong width, headers naming a column twice, line breaks"
H=sku,product,name,spec,category,unit,barcodes,plu,price,member_prices,tax_rate,stock
{
  echo "$H"
  echo '900901,P9901,短行,550ml,饮料/饮用水,piece,,,2.00,,13'
  echo '900902,P9902,长行,550ml,饮料/饮用水,piece,,,2.00,,13,5,7'
  printf '900903,P9903,"两行\n名字",550ml,饮料/饮用水,piece,,,2.00,,13,5\n'
  echo '900904,P9904,好行,550ml,饮料/饮用水,piece,,,2.00,,13,5'
} >"$T/widths.csv"
before=$(fingerprint)
expect 4 "import rows of the wrong width" import catalog "$T/widths.csv"
has_line "$ERR" "line 2: 11 fields where the header has 12: nothing for “stock” (a comma missing?)" \
  "a short row is named by its line and says what is missing"
has_line "$ERR" "line 3: 13 fields where the header has 12 (a comma in a field that should be quoted?)" \
  "a long row is named by its line"
has_line "$ERR" "line 4: “name” (field 3) holds a line break, a tab or another control character: write it on one line" \
  "a name with a line break is named by its line"
same "$(fingerprint)" "$before" "wrong widths: nothing imported"
expect 0 "--skip-bad-rows imports the good row only" import catalog --skip-bad-rows "$T/widths.csv"
has_line "$OUT" "imported 1 catalog row(s), rejected 3" "one row imported, three rejected"
same "$(sql "SELECT group_concat(code) FROM skus WHERE code LIKE '9009%'")" "900904" "only 900904 is in the store"
printf 'sku,name,category,unit,price,price\n900905,水,饮料,piece,1.00,9.00\n' >"$T/twice.csv"
before=$(fingerprint)
expect 4 "import a header naming price twice" import catalog --skip-bad-rows "$T/twice.csv"
mentions "$ERR" "line 1: the header names “price” twice" "the message names the column"
printf 'sku,name,category,unit,price,stok\n900905,水,饮料,piece,1.00,9\n' >"$T/stok.csv"
expect 4 "import a header with a misspelt column" import catalog "$T/stok.csv"
mentions "$ERR" "line 1: the header names “stok”, which is no column (the columns are: sku, product" \
  "the message names the column and lists the right ones"
same "$(fingerprint)" "$before" "bad headers: nothing imported"

section "ambiguous import documents"
# A key given twice, an unknown key or a NUL is refused with where it is,
# and nothing of the file is imported.
jq '(.promotions[] | select(.type == "threshold")) += {"percent_off": "10%"}' "$DEMO/promotions.json" \
  >"$T/promo-wrong-kind.json"
sed '0,/"priority": 20,/s//"priority": 20, "priority": 90,/' "$DEMO/promotions.json" >"$T/promo-twice.json"
jq '.members[0].nmae = "张三"' "$DEMO/members.json" >"$T/members-typo.json"
jq -c '.skus = [{"sku":"900001","name":"测试\u0000品","category":"饮料","unit":"piece","price":"1.00"}]' \
  <<<'{}' >"$T/catalog-nul.json"
jq -c '.skus = [{"sku":"900001","name":"测试","category":"饮料","unit":"piece","price":"1.00","stok":5}]' \
  <<<'{}' >"$T/catalog-typo.json"
for doc in promotions:promo-wrong-kind.json:"unknown field “percent_off”; a promotion with “type”: “threshold”" \
  promotions:promo-twice.json:"“priority” is given twice" \
  members:members-typo.json:"members[0] (line" catalog:catalog-nul.json:"skus[0].name (line 1, column" \
  catalog:catalog-typo.json:"unknown field “stok”; a SKU may have:"; do
  kind=${doc%%:*}; rest=${doc#*:}; file=${rest%%:*}; says=${rest#*:}
  before=$(fingerprint)
  expect 4 "import $kind $file" import "$kind" "$T/$file"
  mentions "$ERR" "$says" "$file: the message says where"
  same "$(fingerprint)" "$before" "$file: the store is unchanged"
done
expect 3 "import into a store that does not exist" import catalog "$DEMO/catalog.csv" \
  --store "$T/nowhere.db"

section "usage"
expect_usage "import without arguments" import
expect_usage "import without a file" import catalog
expect_usage "import an unknown kind" import widgets "$DEMO/catalog.csv"
mentions "$ERR" "widgets" "the message names the unknown kind"
expect_usage "import with two files" import catalog "$DEMO/catalog.csv" "$DEMO/catalog.csv"
expect_usage "import with an unknown option" import catalog "$DEMO/catalog.csv" --force
mentions "$ERR" "--force" "the message names the unknown option"

finish
