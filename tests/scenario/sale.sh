#!/bin/bash
# sale.sh — the demo sale (data/demo/sale.json) end to end: the quote shows
# every promotion that applies (and not the expired one), the sale prints a
# receipt whose total, tender and change are exactly right, --json carries
# the same numbers, and the receipt can be shown and reprinted at 32, 42 and
# 48 columns without a line wider than the paper.
. "$(dirname "$0")/lib.sh"
demo_store

# The demo sale by hand (gold member 张伟, 5% level discount, 2026-11-23):
#  1 可口可乐 500ml     2 × 3.50 =  7.00  level -0.35, FLASH-DRINK 10% of 6.65 -0.67      =  5.98
#  2 青岛啤酒 500ml     3 × 6.00 = 18.00  level -0.90, BEER-B2G1 1/3 of 17.10 -5.70      = 11.40
#  3 红富士苹果 1250 g × 12.80/kg = 16.00  level -0.80 (D12-FRUIT ended 2025)             = 15.20
#  4 金龙鱼 5L          1 × 69.90 = 69.90  gold price 67.90 -2.00, MJ-TIERS share -5.23   = 62.67
#  5 康师傅 桶装        2 × 4.50 =  9.00  level -0.45, FLASH-NOODLE 2 × 3.90 -0.75,
#                                          MJ-TIERS share -0.60                           =  7.20
#  6 蓝月亮 3kg         1 × 59.90 = 59.90  gold price 56.90 -3.00, EVERY-50 -5.00,
#                                          MJ-TIERS share -3.99                           = 47.91
#  7 绿箭 (EAN-8)       1 × 2.50 =  2.50  level -0.13 (0.125 half-up), MJ-TIERS -0.18     =  2.19
# MJ-TIERS: lines 4–7 come to 67.90 + 7.80 + 51.90 + 2.37 = 129.97 ≥ 100 → 10.00 off,
# allocated by largest remainder: 5.2243 → 5.23, 0.6001 → 0.60, 3.9932 → 3.99, 0.1824 → 0.18.
# Subtotal 182.30; total 5.98 + 11.40 + 15.20 + 62.67 + 7.20 + 47.91 + 2.19 = 152.55;
# discount 29.75; items 2 + 3 + 1 + 1 + 2 + 1 + 1 = 11; cash 200.00, change 47.45.
# Tax (VAT included, net × r / (100 + r), half-up): 0.69 + 1.31 + 1.26 (9%) + 7.21 + 0.83
# + 5.51 + 0.25 = 17.06.

section "quote: price and explain, sell nothing"
before=$(fingerprint)
expect 0 "quote the demo sale" quote <"$DEMO/sale.json"
for promotion in FLASH-DRINK BEER-B2G1 MJ-TIERS FLASH-NOODLE EVERY-50; do
  mentions "$OUT" "[promotion $promotion]" "quote shows $promotion"
done
lacks "$OUT" "D12-FRUIT" "the expired D12-FRUIT does not apply"
mentions "$OUT" "[member_price gold] -2.00" "quote shows the gold member price of 金龙鱼"
mentions "$OUT" "[level_discount gold] -0.35" "quote shows the gold level discount"
has_line "$OUT" "  list 12.80/kg × 1250 g = 16.00 (half-up)" "the scale line is priced by weight"
has_line "$OUT" "  啤酒买二送一 [promotion BEER-B2G1] -5.70" "BEER-B2G1 makes 1 of 3 free"
has_line "$OUT" "subtotal 182.30" "quote subtotal"
has_line "$OUT" "total    152.55" "quote total"
same "$(fingerprint)" "$before" "quote changes nothing in the store"
expect 0 "quote --json" quote --json <"$DEMO/sale.json"
same "$(jq -r '[.subtotal, .total, .tax_total, .item_count] | map(tostring) | join(" ")' "$OUT")" \
  "182.30 152.55 17.06 11" "quote --json totals"
same "$(jq -r '[.lines[] | .net] | join(" ")' "$OUT")" "5.98 11.40 15.20 62.67 7.20 47.91 2.19" \
  "quote --json line nets"
same "$(jq -r '[.lines[].adjustments[] | select(.kind == "promotion") | .source] | unique | join(" ")' "$OUT")" \
  "BEER-B2G1 EVERY-50 FLASH-DRINK FLASH-NOODLE MJ-TIERS" "quote --json promotions"

section "sale: the receipt"
no1=$(receipt_no 1)
expect 0 "sell the demo sale" sale <"$DEMO/sale.json"
cp "$OUT" "$T/receipt-sale.txt"
has_line "$OUT" "流水号: $no1" "the first receipt number of the day"
has_line "$OUT" "时间:   2026-11-23 10:00:00" "local time of the pinned clock"
has_line "$OUT" "收银员: 1001" "cashier"
has_line "$OUT" "会员:   8800*****0017 金卡会员" "member card masked, level named"
lacks "$OUT" "8800000000017" "the full card number is not printed"
has_line "$OUT" "件数                                    11" "items"
has_line "$OUT" "合计                                182.30" "subtotal"
has_line "$OUT" "优惠                                -29.75" "discount"
has_line "$OUT" "应付                                152.55" "total due"
has_line "$OUT" "含税                                 17.06" "tax included"
has_line "$OUT" "现金                                200.00" "cash tendered"
has_line "$OUT" "找零                                 47.45" "change"
has_line "$OUT" "  1.250kg × 12.80/kg                 16.00" "the weighed line"
has_line "$OUT" "  啤酒买二送一                       -5.70" "buy 2 get 1 on the receipt"
has_line "$OUT" "满100减10 满200减25                 -10.00" "MJ-TIERS once, as an order line with its total"
lacks "$OUT" "  满100减10 满200减25" "MJ-TIERS is not repeated on the lines it was spread over"
same "$(sql "SELECT amount FROM line_adjustments WHERE source = 'MJ-TIERS' ORDER BY line_no LIMIT 1")" \
  "-523" "the share of 金龙鱼 stays in the data, for returns"
has_line "$OUT" "                Thank you!" "footer, second line"
same "$(sql "SELECT count(*) FROM sales")" "1" "one sale stored"
same "$(sql "SELECT total || ' ' || tendered || ' ' || change FROM sales")" "15255 20000 4745" \
  "stored in fen: total, tendered, change"
same "$(sql "SELECT count(*) FROM sale_lines")" "7" "seven lines stored"
same "$(sql "SELECT count(*) FROM journal WHERE kind = 'sale'")" "1" "one sync journal entry"
same "$(stock_of 100211)" "357" "beer stock 360 - 3"
same "$(stock_of 100237)" "56750" "apple stock 58000 g - 1250 g"

section "sale --json"
expect 0 "sell the demo sale again, --json" sale --json <"$DEMO/sale.json"
j="$T/sale.json"
cp "$OUT" "$j"
same "$(jq -r '.receipt_no' "$j")" "$(receipt_no 2)" "--json: the second receipt number"
same "$(jq -r '[.kind, .status, .business_day, .cashier, .member_level] | join(" ")' "$j")" \
  "sale completed $DAY 1001 gold" "--json: kind, status, day, cashier, level"
same "$(jq -r '.created_at' "$j")" "$(date -d "$MALLPOS_NOW" +%s)" "--json: created_at is the pinned time (UTC seconds)"
same "$(jq -r '[.item_count, .subtotal, .discount_total, .total, .tax_total, .rounding, .tendered, .change] | map(tostring) | join(" ")' "$j")" \
  "11 182.30 -29.75 152.55 17.06 0.00 200.00 47.45" "--json: every total"
same "$(jq -c '.tenders' "$j")" '[{"type":"cash","amount":"200.00"}]' "--json: the tender"
same "$(jq -r '[.lines[] | .line_no] | join(" ")' "$j")" "1 2 3 4 5 6 7" "--json: seven lines in order"
same "$(jq -r '[.lines[] | .code] | join(" ")' "$j")" \
  "6982959570664 6984669428723 2000101012504 100055 100001 6960198794607 69176548" \
  "--json: the codes as entered (search and SKU lines keep the SKU)"
same "$(jq -r '[.lines[] | .net] | join(" ")' "$j")" "5.98 11.40 15.20 62.67 7.20 47.91 2.19" \
  "--json: line nets"
same "$(jq -r '[.lines[] | .tax] | join(" ")' "$j")" "0.69 1.31 1.26 7.21 0.83 5.51 0.25" "--json: line tax"
same "$(jq -c '.lines[2] | [.weighed, .qty, .unit_price, .gross, .tax_rate_bp]' "$j")" \
  '[true,1250,"12.80","16.00",900]' "--json: the weighed line in grams at 9%"
fen='(sub("\\."; "") | tonumber)'
same "$(jq "[.lines[] | .net | $fen] | add" "$j")" "15255" "--json: line nets add up to the total"
same "$(jq "[.lines[] | (.gross | $fen) + ([.adjustments[].amount | $fen] | add // 0) - (.net | $fen)] | map(select(. != 0)) | length" "$j")" \
  "0" "--json: each line's gross plus adjustments is its net"
same "$(jq "[.lines[].adjustments[] | select(.source == \"MJ-TIERS\") | .amount | $fen] | add" "$j")" \
  "-1000" "--json: MJ-TIERS gives exactly 10.00 across lines 4–7"
lacks "$j" "D12-FRUIT" "--json: no expired promotion"

section "receipt NO and --reprint"
expect 0 "receipt $no1" receipt "$no1"
if cmp -s "$OUT" "$T/receipt-sale.txt"; then
  pass "the stored receipt is what the sale printed"
else
  fail "the stored receipt differs from the sale's"
  diff "$T/receipt-sale.txt" "$OUT" | sed 's/^/#   /'
fi
lacks "$OUT" "重印" "showing a receipt is not a reprint"
audits=$(sql "SELECT count(*) FROM audit WHERE action = 'reprint'")
expect 0 "receipt --reprint" receipt "$no1" --reprint --cashier 1002
mentions "$OUT" "重印" "the reprint is marked 重印"
has_line "$OUT" "应付                                152.55" "the reprint has the same total"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'reprint'")" "$((audits + 1))" "the reprint is audited"
same "$(sql "SELECT actor || ' ' || ref FROM audit WHERE action = 'reprint' ORDER BY id DESC LIMIT 1")" \
  "1002 $no1" "the audit names who reprinted what"
expect 0 "receipt --reprint --json" receipt "$no1" --reprint --json
same "$(jq -r '.receipt_no + " " + .total' "$OUT")" "$no1 152.55" "--json receipt"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'reprint'")" "$((audits + 2))" \
  "a --json reprint is audited too"
expect 3 "an unknown receipt number" receipt "$(receipt_no 99)"
mentions "$ERR" "$(receipt_no 99)" "the message names the receipt"

section "widths 32, 42, 48"
for width in 32 42 48; do
  for mode in "" --reprint; do
    expect 0 "receipt --width $width $mode" receipt "$no1" --width "$width" $mode
    same "$(wc -L <"$OUT")" "$width" "width $width $mode: the widest line is exactly $width columns"
    has_line "$OUT" "$(printf '=%.0s' $(seq "$width"))" "width $width $mode: the rule spans the paper"
    mentions "$OUT" "152.55" "width $width $mode: the total is printed"
    mentions "$OUT" "47.45" "width $width $mode: the change is printed"
  done
done
expect 0 "sale --width 32" sale --width 32 <"$DEMO/sale.json"
same "$(wc -L <"$OUT")" "32" "sale --width 32 prints at 32 columns"
has_line "$OUT" "应付                      152.55" "at 32 columns the total line is exact"
for width in 0 40 1000 -1; do
  expect_usage "receipt --width $width" receipt "$no1" --width "$width"
  mentions "$ERR" "32, 42 or 48" "--width $width: the message lists the widths"
done
before=$(fingerprint)
expect_usage "sale --width 40 sells nothing" sale --width 40 <"$DEMO/sale.json"
same "$(fingerprint)" "$before" "a refused --width sells nothing"

section "usage"
expect_usage "receipt without a number" receipt
expect_usage "receipt with two numbers" receipt "$no1" "$no1"
expect_usage "receipt with an unknown option" receipt "$no1" --copies 2
expect_usage "sale with an argument" sale sale.json
mentions "$ERR" "standard input" "the message says the document comes on stdin"
expect_usage "quote with an argument" quote sale.json
expect_usage "sale with an unknown option" sale --dry-run

finish
