#!/bin/bash
# suspend.sh — park a sale, list it, resume it with the tenders on stdin:
# the resumed sale is the demo sale to the fen, the list is empty after, and
# the same suspended sale cannot be sold twice (3).
. "$(dirname "$0")/lib.sh"
demo_store

jq 'del(.tenders)' "$DEMO/sale.json" >"$T/cart.json"
printf '{"tenders": [{"type": "cash", "amount": "200.00"}]}\n' >"$T/tenders.json"

section "suspend"
expect 0 "suspended list of a new store" suspended --json
same "$(jq length "$OUT")" "0" "nothing is suspended yet"
expect 0 "suspend the demo cart" suspend --note "顾客去取钱包" <"$T/cart.json"
has_line "$OUT" "suspended as 1; resume with: mallposctl sale --resume 1" "says how to resume"
same "$(sql 'SELECT count(*) FROM sales')" "0" "suspending sells nothing"
same "$(sql "SELECT stock_qty FROM skus WHERE code = '100211'")" "360" "suspending moves no stock"
expect 0 "suspend a second cart" suspend --json <"$T/cart.json"
same "$(jq -r .id "$OUT")" "2" "--json gives the id"

expect 0 "suspended" suspended
has_line "$OUT" "1  2026-11-23 10:00:00  cashier 1001  顾客去取钱包" "the list shows id, time, cashier, note"
expect 0 "suspended --json" suspended --json
same "$(jq -c '[.[] | [.id, .cashier, .time, (.note // "")]]' "$OUT")" \
  '[[1,"1001","2026-11-23 10:00:00","顾客去取钱包"],[2,"1001","2026-11-23 10:00:00",""]]' \
  "--json lists both"
expect 0 "suspended --show 1" suspended --show 1
same "$(jq -c '[.cashier, .member, (.lines | length), (.tenders // [] | length)]' "$OUT")" \
  '["1001","8800000000017",7,0]' "the parked document: cashier, member, 7 lines, no tenders"
expect 3 "suspended --show of an unknown id" suspended --show 99

section "resume"
expect 0 "sale --resume 1 with the tenders on stdin" sale --resume 1 <"$T/tenders.json"
has_line "$OUT" "流水号: $(receipt_no 1)" "the resumed sale has a receipt number"
has_line "$OUT" "应付                                152.55" "the resumed sale's total is the demo sale's"
has_line "$OUT" "现金                                200.00" "the tender from stdin"
has_line "$OUT" "找零                                 47.45" "change"
expect 0 "suspended after resuming 1" suspended --json
same "$(jq -c 'map(.id)' "$OUT")" "[2]" "1 is gone, 2 is still parked"
before=$(fingerprint)
expect 3 "sale --resume 1 again" sale --resume 1 <"$T/tenders.json"
mentions "$ERR" "no suspended sale 1" "the message says 1 is not parked (any more)"
same "$(fingerprint)" "$before" "a failed resume sells nothing"

printf '{"lines": [{"code": "6982959570664"}], "tenders": [{"type": "cash", "amount": "160.00"}]}\n' \
  >"$T/more.json"
expect 0 "sale --resume 2 adding a line" sale --resume 2 --json <"$T/more.json"
same "$(jq -r '[(.lines | length), .total, .change] | map(tostring) | join(" ")' "$OUT")" \
  "8 155.54 4.46" "the added Coke (3.50 - 0.18 level - 0.33 FLASH-DRINK = 2.99) is in the resumed sale"
expect 0 "suspended at the end" suspended --json
same "$(jq length "$OUT")" "0" "the suspended list is empty"
expect 0 "suspended (text) at the end" suspended
same "$(wc -c <"$OUT")" "0" "the text list is empty too"

section "a short payment keeps the sale parked"
expect 0 "suspend the demo cart once more" suspend --json <"$T/cart.json"
id=$(jq -r .id "$OUT")
printf '{"tenders": [{"type": "cash", "amount": "100.00"}]}\n' >"$T/short.json"
before=$(fingerprint)
expect 6 "sale --resume $id paying 100.00 of 152.55" sale --resume "$id" <"$T/short.json"
mentions "$ERR" "52.55 is still due" "the message says what is still due"
same "$(fingerprint)" "$before" "nothing sold, nothing resumed"
expect 0 "it is still suspended" suspended --json
same "$(jq -c 'map(.id)' "$OUT")" "[$id]" "$id is still parked"
expect 0 "sale --resume $id with enough cash" sale --resume "$id" <"$T/tenders.json"

section "ambiguous documents are not parked or resumed"
before=$(fingerprint)
expect 4 "suspend a cart with qty twice" suspend <<<'{"cashier":"1","lines":[{"sku":"100094","qty":1,"qty":9}]}'
mentions "$ERR" "standard input: lines[0] (line 1, column 49): “qty” is given twice" "names the key and where"
expect 4 "suspend a cart with an unknown key" suspend <<<'{"cashier":"1","lines":[{"sku":"100094","qtty":9}]}'
mentions "$ERR" "unknown field “qtty”" "names the unknown key"
expect 4 "suspend a cart with \\u0000" suspend <<<'{"cashier":"1","lines":[{"sku":"100094\u0000 1"}]}'
mentions "$ERR" "lines[0].sku" "names the NUL's place"
same "$(fingerprint)" "$before" "nothing was parked"
expect 0 "suspend the demo cart to resume" suspend --json <"$T/cart.json"
id=$(jq -r .id "$OUT")
before=$(fingerprint)
expect 4 "resume with a payment amount given twice" sale --resume "$id" \
  <<<'{"tenders":[{"type":"cash","amount":"1.00","amount":"200.00"}]}'
mentions "$ERR" "tenders[0] (line 1, column 44): “amount” is given twice" "names the amount"
expect 4 "resume with two tenders arrays" sale --resume "$id" \
  <<<'{"tenders":[{"type":"cash","amount":"200.00"}],"tenders":[]}'
mentions "$ERR" "“tenders” is given twice" "names tenders"
expect 4 "resume with an unknown key" sale --resume "$id" \
  <<<'{"tenders":[{"type":"cash","amount":"200.00"}],"tip":"5.00"}'
mentions "$ERR" "unknown field “tip”" "names the unknown key"
same "$(fingerprint)" "$before" "nothing sold, $id still parked"
expect 0 "resume $id with a plain document" sale --resume "$id" <"$T/tenders.json"

section "usage"
expect_usage "suspend with an argument" suspend cart.json
expect_usage "suspended with an argument" suspended 1
expect_usage "suspended --show that is not a number" suspended --show one
expect_usage "sale --resume that is not a number" sale --resume one
expect_usage "sale --resume 0" sale --resume 0 <"$T/tenders.json"
mentions "$ERR" "--resume" "the message names --resume"
before=$(fingerprint)
expect_usage "sale --resume -1" sale --resume -1 <"$DEMO/sale.json"
same "$(fingerprint)" "$before" "a negative --resume sells nothing"

finish
