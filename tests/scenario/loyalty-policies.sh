#!/bin/bash
# loyalty-policies.sh — each store policy of the loyalty rules ("policies",
# docs/loyalty-rules.md) through mallposctl, one section per choice: what
# a threshold bonus measures, a coupon worth more than its goods, what a
# freeze blocks, calendar or business-day dates, the burn minimum per
# payment or per sale, cancelling a points exchange. Each section imports
# the demo rules with one policy changed. Liquor has no promotion: 牛栏山
# 19.90, 洋河 149.00, 剑南春 459.00; 绿箭 2.50 (EAN-8 69176548).
. "$(dirname "$0")/lib.sh"
demo_store
expect 0 "returns, top-ups and exchanges name cashier 1001" init --default-cashier 1001

LINA=8800000000039
YANG=8800000000060
LIU=8800000000060 # 杨磊 (normal level) again: no level discount
NIULANSHAN='{"sku":"100207"}'
YANGHE='{"sku":"100204"}'
JIANNANCHUN='{"sku":"100205"}'

sell ()
{
  printf '{"cashier":"1001","member":"%s","lines":[%s],"tenders":[%s]%s}' "$1" "$2" "$3" "${4:-}" >"$T/doc"
  run sale <"$T/doc"
}
points_of () { "$MALLPOSCTL" points balance "$1" --json | jq -r ".$2"; }
# policy JSON — import the demo rules with these policies (and the rest as in the demo).
policy ()
{
  jq --argjson p "$1" '.policies = ((.policies // {}) + $p)' "$DEMO/loyalty-rules.json" >"$T/rules.json"
  "$MALLPOSCTL" import loyalty-rules "$T/rules.json" >/dev/null 2>"$ERR" || { fail "import policy $1"; cat "$ERR"; }
}

expect 0 "import the demo rules" import loyalty-rules "$DEMO/loyalty-rules.json"
printf '{"points":{},"policies":{"threshold_measure":"money"}}' >"$T/bad.json"
expect 4 "an unknown policy choice is refused" import loyalty-rules "$T/bad.json"
mentions "$ERR" "“threshold_measure” must be one of: paid, goods" "the message lists the choices"
for who in $LINA $YANG; do
  "$MALLPOSCTL" points adjust "$who" --points 5000 --reason 测试 --supervisor 9001 >/dev/null
done

section "threshold bonus measures the money paid (paid)"
policy '{"threshold_measure":"paid"}'
sell "$LINA" "$JIANNANCHUN,{\"sku\":\"100207\",\"qty\":3}" '{"type":"points","points":2000},{"type":"cash","amount":"498.70"}'
same "$RC" 0 "518.70 of goods, 20.00 in points: 498.70 paid with money"
same "$(points_of $LINA pending)" 498 "498 points, no bonus: the money paid is below 500.00"

section "threshold bonus measures the goods total (goods)"
policy '{"threshold_measure":"goods"}'
sell "$YANG" "$JIANNANCHUN,{\"sku\":\"100207\",\"qty\":3}" '{"type":"points","points":2000},{"type":"cash","amount":"498.70"}'
same "$RC" 0 "the same sale"
same "$(points_of $YANG pending)" $((498 + 100)) "the goods total 518.70 reaches 500.00: +100"

section "a coupon worth more than the sale (forfeit / refuse)"
cat >"$T/coupons.json" <<'JSON'
{"templates": [{"code": "CASH-20", "name": "20元代金券", "type": "amount", "off": "20.00", "valid_days": 30}]}
JSON
expect 0 "a 20.00 voucher template" coupon templates import "$T/coupons.json"
expect 0 "issue two to 刘洋" coupon issue --template CASH-20 --member "$LIU" --count 2 --cashier 9001 --json
C1=$(jq -r '.coupons[0].code' "$OUT"); C2=$(jq -r '.coupons[1].code' "$OUT")
policy '{"coupon_over_sale":"forfeit"}'
printf '{"cashier":"1001","member":"%s","lines":[%s],"coupons":["%s"],"tenders":[]}' "$LIU" "$NIULANSHAN" "$C1" >"$T/doc"
expect 0 "quote: the cashier sees before the sale what is forfeit" quote <"$T/doc"
mentions "$OUT" "coupon $C1 gives 19.90; 0.10 of it is forfeit" "the quote says 0.10 is forfeit"
expect 0 "forfeit: the sale goes through at 0.00" sale <"$T/doc"
policy '{"coupon_over_sale":"refuse"}'
printf '{"cashier":"1001","member":"%s","lines":[%s],"coupons":["%s"],"tenders":[]}' "$LIU" "$NIULANSHAN" "$C2" >"$T/doc"
before=$(fingerprint)
run quote <"$T/doc"
same "$RC" 6 "refuse: the quote refuses the coupon (exit 6)"
mentions "$ERR" "is worth 20.00 but the goods it covers come to 19.90" "and says why, with both amounts"
run sale <"$T/doc"
same "$RC" 6 "and so does the sale"
same "$(fingerprint)" "$before" "nothing changed"

section "a freeze blocks points only (points)"
policy '{"freeze_blocks":"points"}'
expect 0 "刘洋 tops up 200.00" stored-value top-up "$LIU" --amount 200.00
expect 0 "freeze 刘洋" points freeze "$LIU" --reason 风控 --supervisor 9001
sell "$LIU" "$NIULANSHAN" '{"type":"points","points":100},{"type":"cash","amount":"18.90"}'
same "$RC" 6 "points are blocked"
pend=$(points_of $LIU pending)
sell "$LIU" "$NIULANSHAN" '{"type":"stored_value","amount":"19.90"}'
same "$RC" 0 "stored value still pays"
same "$(points_of $LIU pending)" $((pend + 19)) "and the sale earns"

section "a freeze blocks stored value too (stored_value)"
policy '{"freeze_blocks":"stored_value"}'
before=$(fingerprint)
sell "$LIU" "$NIULANSHAN" '{"type":"stored_value","amount":"19.90"}'
same "$RC" 6 "stored value is refused (exit 6)"
mentions "$ERR" "blocks stored value too: the 19.90 stored-value payment cannot be taken" "says so, with the amount"
same "$(fingerprint)" "$before" "nothing changed"
pend=$(points_of $LIU pending)
sell "$LIU" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $LIU pending)" $((pend + 19)) "a cash sale still earns"

section "a freeze blocks earning too (earning)"
policy '{"freeze_blocks":"earning"}'
pend=$(points_of $LIU pending)
sell "$LIU" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$RC" 0 "a cash sale goes through"
same "$(points_of $LIU pending)" "$pend" "but earns nothing"
expect 0 "unfreeze" points unfreeze "$LIU" --reason 核实 --supervisor 9001

section "member day by calendar date (calendar): 02:00 on the 11th is the 11th"
policy '{"date_rules":"calendar"}'
pend=$(points_of $LINA pending)
MALLPOS_NOW=2026-12-11T02:00:00+08:00 sell "$LINA" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $LINA pending)" $((pend + 19)) "not member day: ×1"
pend=$(points_of $LINA pending)
MALLPOS_NOW=2026-12-10T02:00:00+08:00 sell "$LINA" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $LINA pending)" $((pend + 39)) "02:00 on the 10th is member day: ×2"

section "member day by business day (business_day, cut-off 04:00)"
policy '{"date_rules":"business_day"}'
pend=$(points_of $YANG pending)
MALLPOS_NOW=2026-12-11T02:00:00+08:00 sell "$YANG" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $YANG pending)" $((pend + 39)) "02:00 on the 11th belongs to business day the 10th: ×2"
pend=$(points_of $YANG pending)
MALLPOS_NOW=2026-12-10T02:00:00+08:00 sell "$YANG" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $YANG pending)" $((pend + 19)) "02:00 on the 10th is still business day the 9th: ×1"

section "burn minimum per payment (payment)"
jq '.points.burn.minimum = 200 | .policies = {"burn_minimum_per":"payment"}' "$DEMO/loyalty-rules.json" >"$T/rules.json"
expect 0 "rules: at least 200 points per payment" import loyalty-rules "$T/rules.json"
sell "$LINA" "$YANGHE" '{"type":"points","points":100},{"type":"points","points":100},{"type":"cash","amount":"147.00"}'
same "$RC" 4 "two payments of 100 are each below 200 (exit 4)"
mentions "$ERR" "at least 200 points per payment (got 100)" "says the minimum per payment"

section "burn minimum per sale (sale)"
jq '.points.burn.minimum = 200 | .policies = {"burn_minimum_per":"sale"}' "$DEMO/loyalty-rules.json" >"$T/rules.json"
expect 0 "rules: at least 200 points per sale" import loyalty-rules "$T/rules.json"
sell "$LINA" "$YANGHE" '{"type":"points","points":100},{"type":"points","points":100},{"type":"cash","amount":"147.00"}'
same "$RC" 0 "two payments of 100 make the 200 of the sale"
sell "$LINA" "$YANGHE" '{"type":"points","points":100},{"type":"cash","amount":"148.00"}'
same "$RC" 4 "100 points in a sale are below it (exit 4)"
mentions "$ERR" "at least 200 points per sale (its points payments come to 100)" "says the minimum per sale"

section "cancelling a points exchange without a supervisor, or not at all"
expect 0 "import the demo coupon templates" coupon templates import "$DEMO/coupons.json"
policy '{"exchange_cancel_supervisor":false}'
expect 0 "exchange" coupon exchange --member "$YANG" --template PTS-5 --json
code=$(jq -r '.coupons[0].code' "$OUT")
expect 0 "the policy needs no supervisor: the cashier cancels" coupon cancel-exchange "$code" --reason 顾客不要了
policy '{"exchange_cancel_days":0}'
expect 0 "exchange" coupon exchange --member "$YANG" --template PTS-5 --json
code=$(jq -r '.coupons[0].code' "$OUT")
expect 6 "the policy allows no cancellation" coupon cancel-exchange "$code" --reason x --supervisor 9001
mentions "$ERR" "voiding it forfeits them" "says voiding forfeits the points"

finish
