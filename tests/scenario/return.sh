#!/bin/bash
# return.sh — returns of the demo sale: one beer of three (--line 2:1)
# refunds exactly a third of what the line cost, the rest refunds the
# remainder to the fen and puts the stock back; a third return is a
# conflict (6). A return without a receipt waits for a supervisor
# (approve-return) before any cash is refunded.
. "$(dirname "$0")/lib.sh"
demo_store

no1=$(receipt_no 1)
beer0=$(stock_of 100211)
apple0=$(stock_of 100237)
expect 0 "sell the demo sale" sale <"$DEMO/sale.json"

section "return one of the three beers"
# Line 2: 3 beers for 11.40 net → one is 3.80 (the B2G1 and level discounts go with it).
expect 0 "return $no1 --line 2:1" return "$no1" --line 2:1 --cashier 1002 --reason "broken bottle"
has_line "$OUT" "               *** 退货 ***" "marked as a return"
has_line "$OUT" "流水号: $(receipt_no 2)" "the return has its own receipt number"
has_line "$OUT" "原单号: $no1" "and names the original"
has_line "$OUT" "收银员: 1002" "the cashier who took the return"
has_line "$OUT" "                     -1     6.00     -6.00" "one beer back at list price"
has_line "$OUT" "应退                                 -3.80" "refund exactly a third of 11.40"
has_line "$OUT" "现金                                 -3.80" "refunded in cash, the original tender"
same "$(stock_of 100211)" "$((beer0 - 2))" "one beer back in stock"
same "$(sql "SELECT reason FROM sales WHERE receipt_no = '$(receipt_no 2)'")" "broken bottle" "the reason is kept"

section "return the rest"
expect 0 "return $no1 (everything left)" return "$no1" --cashier 1001
has_line "$OUT" "流水号: $(receipt_no 3)" "the second return's number"
has_line "$OUT" "                     -2     6.00    -12.00" "the two remaining beers"
has_line "$OUT" "  -1.250kg × 12.80/kg               -16.00" "the apples by weight"
has_line "$OUT" "应退                               -148.75" "the rest: 152.55 - 3.80"
has_line "$OUT" "现金                               -148.75" "in cash"
has_line "$OUT" "件数                                   -10" "ten items back"
same "$(sql "SELECT sum(total) FROM sales WHERE kind = 'return'")" "-15255" \
  "both returns refund exactly the sale's 152.55"
same "$(sql "SELECT sum(tax_total) FROM sales WHERE kind = 'return'")" "-1706" \
  "and exactly its 17.06 tax"
same "$(stock_of 100211)" "$beer0" "beer stock is back where it was"
same "$(stock_of 100237)" "$apple0" "apple stock (grams) is back where it was"
expect 0 "the returns check out" check

section "nothing left to return"
before=$(fingerprint)
expect 6 "return $no1 a third time" return "$no1" --cashier 1001
mentions "$ERR" "already returned" "the message says it was already returned"
expect 6 "return $no1 --line 2:1 again" return "$no1" --line 2:1 --cashier 1001
mentions "$ERR" "青岛啤酒" "the message names the line's goods"
expect 4 "return a line the sale does not have" return "$no1" --line 9 --cashier 1001
mentions "$ERR" "no line 9" "the message names the missing line"
same "$(fingerprint)" "$before" "refused returns change nothing"
expect 3 "return an unknown receipt" return "$(receipt_no 77)"

section "more than was sold"
expect 0 "sell the demo sale again" sale <"$DEMO/sale.json"
no4=$(receipt_no 4)
expect 4 "return 4 of 3 beers" return "$no4" --line 2:4 --cashier 1001
mentions "$ERR" "only 3" "the message says how many can be returned"
expect 0 "return two lines at once" return "$no4" --line 1 --line 2:2 --cashier 1001 --json
same "$(jq -r '[.kind, .original_receipt_no // "", .total] | join(" ")' "$OUT")" \
  "return $no4 -13.58" "--json: 2 Cokes (5.98) and 2 of 3 beers (7.60)"
same "$(jq -r '[.lines[] | "\(.original_line_no):\(.qty)"] | join(" ")' "$OUT")" "1:2 2:2" \
  "--json: the returned lines and quantities"

section "return without a receipt"
cat >"$T/goods.json" <<'EOF'
{"cashier": "1001", "lines": [{"code": "6982959570664", "qty": 2}]}
EOF
expect 0 "return --no-receipt" return --no-receipt --cashier 1001 --reason "no receipt" <"$T/goods.json"
pending=$(receipt_no 6)
mentions "$ERR" "approve-return $pending --supervisor" "stderr says how to approve it"
has_line "$OUT" "流水号: $pending" "the pending return's number"
lacks "$OUT" "现金 Cash" "nothing is refunded before approval"
expect 0 "receipt --json of the pending return" receipt "$pending" --json
same "$(jq -r '.status' "$OUT")" "pending_approval" "it waits for approval"
same "$(jq -r '.tenders | length' "$OUT")" "0" "no refund yet"
expect 0 "check while a return is pending" check
expect 9 "approve-return without --supervisor is refused as any missing credential" approve-return "$pending"
mentions "$ERR" "--supervisor" "the message asks for --supervisor"
expect 0 "approve-return --supervisor 9001" approve-return "$pending" --supervisor 9001
has_line "$OUT" "现金                                 -6.30" "approval refunds 2 × 3.50 less 10% in cash"
expect 0 "receipt --json after approval" receipt "$pending" --json
same "$(jq -r '.status + " " + .approved_by' "$OUT")" "completed 9001" "--json: completed, approved by 9001"
same "$(sql "SELECT status || ' ' || approved_by || ' ' || tendered FROM sales WHERE receipt_no = '$pending'")" \
  "completed 9001 -630" "stored as approved by 9001 with the cash refund"
expect 4 "approve it again" approve-return "$pending" --supervisor 9001
mentions "$ERR" "not waiting for approval" "the message says why"
expect 4 "approve a sale that is not a return" approve-return "$no1" --supervisor 9001
expect 3 "approve an unknown receipt" approve-return "$(receipt_no 77)" --supervisor 9001
expect 0 "return --no-receipt with a supervisor right away" \
  return --no-receipt --cashier 1001 --supervisor 9001 --reason "no receipt" <"$T/goods.json"
has_line "$OUT" "现金                                 -6.30" "refunded at once"
same "$(sql "SELECT count(*) FROM sales WHERE status = 'pending_approval'")" "0" "nothing pending"

section "usage"
expect_usage "return without a receipt number" return
expect_usage "return --no-receipt with a receipt number" return --no-receipt "$no1"
expect_usage "return --line that is not a number" return "$no1" --line two --cashier 1001
expect_usage "return --line 0" return "$no1" --line 0 --cashier 1001
expect_usage "return --line 2:0" return "$no1" --line 2:0 --cashier 1001
expect_usage "return --line 2:-1" return "$no1" --line 2:-1 --cashier 1001
expect_usage "return with an unknown option" return "$no1" --all --cashier 1001
expect_usage "approve-return without a receipt number" approve-return --supervisor 9001

section "--last: the terminal's last sale and its last receipt"
expect 0 "one more sale" sale <"$DEMO/sale.json"
last_sale=$(sed -n 's/^流水号: //p' "$OUT")
expect 0 "return --last --line 2:1" return --last --line 2:1 --cashier 1001
has_line "$OUT" "原单号: $last_sale" "returns from the last sale"
last_return=$(sed -n 's/^流水号: //p' "$OUT")
expect 0 "receipt --last --reprint" receipt --last --reprint
has_line "$OUT" "流水号: $last_return" "the last receipt is the return"
mentions "$OUT" "*** 重印 ***" "… reprinted"
expect 0 "return --last again: still the last sale, not the return" return --last --line 2:1 --cashier 1001
has_line "$OUT" "原单号: $last_sale" "the last sale again"
expect_usage "return --last with a receipt number too" return --last "$no1" --cashier 1001
expect_usage "receipt --last with a receipt number too" receipt --last "$no1"

finish
