#!/bin/bash
# exchange.sh — points exchange (积分兑换) through mallposctl: the gift
# catalog (points, cash part, stock, dates, per-member limit), exchanges
# that burn the oldest points first and take stock and the cash part, every
# refusal (frozen, not enough points, out of stock, over the limit, outside
# the dates, wrong cash part) saying why and changing nothing, the statement
# showing the exchange, and a cancellation that gives back exactly the
# points, the stock and the cash. Member: 李娜 8800000000039 (normal level).
. "$(dirname "$0")/lib.sh"
demo_store
demo_loyalty_rules

stock_of () { "$MALLPOSCTL" exchange list --all --json | jq -r ".[] | select(.code == \"$1\") | .stock"; }

section "the gift catalog"
printf '{"items":[{"code":"X1","kind":"coupon","name":"券","points":10,"stock":1}]}' >"$T/bad.json"
expect 4 "an unknown kind is refused" exchange items import "$T/bad.json"
mentions "$ERR" "unknown kind “coupon”" "names the kind"
printf '{"items":[{"code":"X1","kind":"gift","name":"x","points":10,"stock":1,"colour":"red"}]}' >"$T/bad.json"
expect 4 "an unknown field is refused" exchange items import "$T/bad.json"
mentions "$ERR" "unknown field “colour”" "names the field"
cat >"$T/items.json" <<'EOF'
{"items":[
 {"code":"UMB01","kind":"gift","name":"晴雨伞","points":800,"cash":"10.00","stock":2,"per_member_limit":1},
 {"code":"CUP01","kind":"gift","name":"保温杯","points":300,"stock":10,
  "starts":"2026-11-01T00:00:00+08:00","ends":"2026-12-01T00:00:00+08:00"},
 {"code":"BAG01","kind":"gift","name":"购物袋","points":100,"stock":1}]}
EOF
expect 0 "import 3 gifts" exchange items import "$T/items.json"
has_line "$OUT" "imported 3 exchange item(s)" "says what it imported"
expect 0 "list" exchange list
mentions "$OUT" "UMB01" "lists the umbrella"

section "exchanging"
expect 0 "adjust 李娜 +1000" points adjust "$LINA" --points 1000 --reason 开业礼 --supervisor 9001
before=$(fingerprint)
expect 6 "杨磊 has no points" exchange --member "$YANG" BAG01 --cashier 1001
mentions "$ERR" "not enough points" "says not enough points"
expect 6 "two bags: only one left" exchange --member "$LINA" BAG01 --qty 2 --cashier 1001
mentions "$ERR" "out of stock" "says out of stock"
expect 3 "an unknown item" exchange --member "$LINA" NOPE01 --cashier 1001
MALLPOS_NOW=2026-12-01T00:00:00+08:00 expect 6 "the cup is no longer on offer" \
  exchange --member "$LINA" CUP01 --cashier 1001
expect 4 "the cash part by bank card needs a reference" \
  exchange --member "$LINA" UMB01 --tender bank_card --cashier 1001
same "$(fingerprint)" "$before" "refused exchanges change nothing"
expect 0 "李娜 exchanges 800 points + 10.00 for an umbrella" exchange --member "$LINA" UMB01 --cashier 1001
has_line "$OUT" "流水号: S001-T01-${DAY}-E0001" "the exchange has its own receipt number"
mentions "$OUT" "现金 Cash part by cash 10.00" "the cash part is taken"
same "$(points_of $LINA available)" 200 "200 points left"
same "$(stock_of UMB01)" 1 "one umbrella left"
expect 6 "a second umbrella is over the limit of one" exchange --member "$LINA" UMB01 --cashier 1001
mentions "$ERR" "limited to 1 per member" "says the limit"
expect 0 "statement" points statement "$LINA" --json
same "$(jq -r '.movements[-1] | [.kind, .points, .source, .receipt_no] | join(" ")' "$OUT")" \
  "burn -800 exchange S001-T01-${DAY}-E0001" "the statement shows the exchange"
expect 0 "freeze 李娜's points" points freeze "$LINA" --reason 风控 --supervisor 9001
expect 6 "frozen points cannot be exchanged" exchange --member "$LINA" BAG01 --cashier 1001
mentions "$ERR" "frozen" "says frozen"
expect 0 "unfreeze" points unfreeze "$LINA" --reason 核实 --supervisor 9001

section "cancelling gives back exactly"
expect 9 "a cancellation needs a supervisor" exchange cancel "S001-T01-${DAY}-E0001" --cashier 1001
expect 0 "cancel the umbrella" exchange cancel "S001-T01-${DAY}-E0001" --supervisor 9001 --reason 退回 --cashier 1001
has_line "$OUT" "原单号: S001-T01-${DAY}-E0001" "names the exchange it cancels"
same "$(points_of $LINA available)" 1000 "the 800 points are back"
same "$(stock_of UMB01)" 2 "the umbrella is back in stock"
same "$(sql "SELECT sum(cash) FROM points_exchanges")" 0 "the 10.00 is refunded"
expect 6 "a second cancellation is refused" exchange cancel "S001-T01-${DAY}-E0001" --supervisor 9001 --cashier 1001
expect 0 "after the cancellation the limit allows one again" exchange --member "$LINA" UMB01 --cashier 1001 --json
same "$(jq -r '[.kind, .points, .cash] | join(" ")' "$OUT")" "exchange 800 10.00" "JSON slip"
expect 0 "show it" exchange show "S001-T01-${DAY}-E0003"

section "usage"
expect_usage "no member" exchange UMB01
expect_usage "items without import" exchange items
expect 0 "exchange --help" exchange --help
finish
