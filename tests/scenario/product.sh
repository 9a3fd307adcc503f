#!/bin/bash
# product.sh — looking goods up the ways a cashier does: EAN-13, EAN-8,
# UPC-A (12 digits and its 13-digit EAN form), scale code, SKU code; an
# unknown code is "not found" (3), a misread one "invalid" (4); search by
# Chinese name and by pinyin initials.
. "$(dirname "$0")/lib.sh"
demo_store

# lookup CODE SKU DESCRIPTION — the code finds exactly this SKU.
lookup ()
{
  expect 0 "$3: product $1" product "$1" --json
  same "$(jq -r 'map(.sku) | join(" ")' "$OUT")" "$2" "$3: $1 is SKU $2"
}

section "lookup by code"
lookup 6982959570664 100095 "EAN-13"
same "$(jq -c '.[0] | [.name, .spec, .category, .unit, .price, .tax_rate_bp]' "$OUT")" \
  '["可口可乐","500ml","饮料/碳酸饮料","piece","3.50",1300]' "EAN-13: the SKU's fields"
lookup 69176548 100050 "EAN-8 (second code)"
lookup 69548345 100049 "another EAN-8"
lookup 038000123450 100029 "UPC-A"
lookup 0038000123450 100029 "UPC-A in its EAN-13 form"
lookup 034000002405 100047 "another UPC-A"
lookup 100001 100001 "SKU code"
lookup 2000101012504 100237 "scale code (PLU 00101, 1250 g)"
same "$(jq -r '.[0] | .unit + " " + .price' "$OUT")" "weight 12.80" "scale code: priced per kg"

expect 0 "text output" product 6982959570664
has_line "$OUT" "100095   可口可乐 500ml  3.50  [饮料/碳酸饮料]  stock 420" "one line per SKU"
expect 0 "weighed goods show /kg" product 2000101012504
mentions "$OUT" "12.80/kg" "price per kg"

section "codes that find nothing, or are misread"
expect 3 "an unknown EAN-13 with a correct check digit" product 6901234567892
mentions "$ERR" "6901234567892" "the message names the code"
expect 3 "an unknown SKU code" product 199999
mentions "$ERR" "no SKU has this code" "the message says no SKU has it"
expect 4 "an EAN-13 with a bad check digit" product 6982959570665
mentions "$ERR" "check digit" "the message says it is the check digit"
expect 4 "an EAN-8 with a bad check digit" product 69176549
expect 4 "a UPC-A with a bad check digit" product 038000123451
expect 4 "a scale code with a bad check digit" product 2000101012505
expect 3 "digits of a length no barcode has, and no SKU" product 12345678901
mentions "$ERR" "8, 12 or 13" "the message says which lengths exist"

section "search"
expect 0 "search by Chinese name" product --search 金龙鱼 --json
same "$(jq -r 'map(.sku) | join(" ")' "$OUT")" "100055" "金龙鱼 finds the one oil"
expect 0 "search by a name shared by several sizes" product --search 可口可乐 --json
same "$(jq -r 'map(.sku) | join(" ")' "$OUT")" "100094 100095 100096 100103" "可口可乐 finds every Coke"
expect 0 "search by pinyin initials" product --search kkkl --json
same "$(jq -r 'map(.sku) | join(" ")' "$OUT")" "100094 100095 100096 100103" "kkkl finds the same Cokes"
expect 0 "pinyin initials in capitals" product --search JLY --json
same "$(jq -r 'map(.sku) | join(" ")' "$OUT")" "100055" "JLY finds 金龙鱼"
expect 0 "pinyin initials of a whole name" product --search ksfhsnrm --json
same "$(jq -r 'map(.sku) | join(" ")' "$OUT")" "100001 100002" "ksfhsnrm finds both 康师傅红烧牛肉面"
expect 0 "search in text mode" product --search 金龙鱼
has_line "$OUT" "100055   金龙鱼黄金比例食用植物调和油 5L  69.90  [食品/粮油调味/食用油]  stock 60" \
  "text search line"
expect 0 "--limit caps the results" product --search kkkl --limit 2 --json
same "$(jq length "$OUT")" "2" "--limit 2 gives 2"
expect 3 "a search that finds nothing" product --search 火星牌月饼
has_line "$OUT" "nothing found" "says nothing was found"

section "usage"
expect_usage "product without a code" product
expect_usage "product with a code and --search" product 100001 --search kkkl
expect_usage "product with two codes" product 100001 100002
expect_usage "product with an empty --search" product --search ""
expect_usage "product --limit that is not a number" product --limit many 100001
expect_usage "product with an unknown option" product --barcode 100001

finish
