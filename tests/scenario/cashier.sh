#!/bin/bash
# cashier.sh — every receipt names its cashier: a return or a top-up takes
# the cashier given (--cashier) or the terminal's default cashier (init
# --default-cashier); with neither it is refused before anything is written,
# never printed as "收银员: unknown".
. "$(dirname "$0")/lib.sh"
demo_store
"$MALLPOSCTL" import loyalty-rules "$DEMO/loyalty-rules.json" >/dev/null

"$MALLPOSCTL" exchange items import "$DEMO/../examples/exchange-items.json" >/dev/null
"$MALLPOSCTL" points adjust "$LINA" --points 1000 --reason 开业礼 --supervisor 9001 >/dev/null
expect 0 "the demo sale" sale <"$DEMO/sale.json"
SALE=$(receipt_no 1)

section "no cashier named, no default: refused, nothing written"
before=$(fingerprint)
expect 2 "return without --cashier" return "$SALE" --line 2:1
mentions "$ERR" "a return needs a cashier" "says what is missing"
mentions "$ERR" "init --default-cashier ID" "… and how to set a default"
expect 2 "top-up without --cashier" stored-value top-up "$LINA" --amount 500.00
mentions "$ERR" "a top-up needs a cashier" "says what is missing"
printf '{"lines":[{"sku":"100095"}]}' >"$T/goods.json"
expect 2 "return --no-receipt, no cashier anywhere" \
  return --no-receipt --supervisor 9001 --reason "no receipt" <"$T/goods.json"
expect 2 "points exchange without --cashier" exchange --member "$LINA" BAG01
mentions "$ERR" "an exchange needs a cashier" "says what is missing"
same "$(fingerprint)" "$before" "the refusals changed nothing"
expect 0 "status says there is no default cashier" status
mentions "$OUT" "default cashier  none" "status line"

section "the cashier given is on the receipt"
expect 0 "return --cashier 2002" return "$SALE" --line 2:1 --cashier 2002
has_line "$OUT" "收银员: 2002" "the return receipt names 2002"
expect 0 "top-up --cashier 2002" stored-value top-up "$LINA" --amount 500.00 --cashier 2002
has_line "$OUT" "收银员: 2002" "the top-up slip names 2002"
top_up=$(sed -n 's/^流水号: //p' "$OUT")

section "the terminal's default cashier"
expect 4 "a default cashier with a line break is refused" init --default-cashier "$(printf '30\n03')"
expect 0 "init --default-cashier 3003" init --default-cashier 3003
expect 0 "status" status --json
same "$(jq -r .default_cashier "$OUT")" 3003 "status --json names the default cashier"
expect 0 "return without --cashier" return "$SALE" --line 1:1
has_line "$OUT" "收银员: 3003" "the return receipt names the default cashier"
expect 0 "refund the top-up without --cashier" stored-value refund-top-up "$top_up" --supervisor 9001
has_line "$OUT" "收银员: 3003" "the refund slip names the default cashier"
expect 0 "return --no-receipt without a cashier" \
  return --no-receipt --supervisor 9001 --reason "no receipt" <"$T/goods.json"
has_line "$OUT" "收银员: 3003" "the receipt-less return names the default cashier"
printf '{"lines":[{"sku":"100095"}],"tenders":[{"type":"cash","amount":"10.00"}]}' >"$T/sale.json"
expect 0 "a sale document without a cashier" sale <"$T/sale.json"
has_line "$OUT" "收银员: 3003" "… and so does a sale whose document names none"
expect 0 "points exchange without --cashier" exchange --member "$LINA" BAG01
has_line "$OUT" "收银员: 3003" "the exchange slip names the default cashier"
expect 0 "--cashier wins over the default" return "$SALE" --line 1:1 --cashier 2002
has_line "$OUT" "收银员: 2002" "the return receipt names 2002"
same "$(sql "SELECT count(*) FROM sales WHERE cashier = 'unknown'")" 0 "no sale or return is by “unknown”"

finish
