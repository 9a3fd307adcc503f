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

LIU=8800000000060 # 杨磊 (normal level) again: no level discount
NIULANSHAN='{"sku":"100207"}'
YANGHE='{"sku":"100204"}'
JIANNANCHUN='{"sku":"100205"}'

# spent_setup PHONE NAME — a new member (registration bonus 100), who buys
# 剑南春 (459 points, confirmed by the run after the return window) and then
# pays 牛栏山 with 300 points: 200 of the 459 earned are spent and she has no
# other points. Burn rate 300 points a yuan (rules in $T/rules.json). Sets
# MEMBER and SOLD (the 剑南春 receipt).
spent_setup ()
{
  "$MALLPOSCTL" member register --phone "$1" --name "$2" --json >"$T/member.json" 2>"$ERR"
  MEMBER=$(jq -r '.card_no' "$T/member.json")
  MALLPOS_NOW=2026-12-12T10:00:00+08:00 sell_to "$MEMBER" "$JIANNANCHUN" '{"type":"cash","amount":"459.00"}'
  SOLD=$(sed -n 's/^流水号: //p' "$OUT")
  MALLPOS_NOW=2026-12-20T10:00:00+08:00 "$MALLPOSCTL" points run >/dev/null
  MALLPOS_NOW=2026-12-20T11:00:00+08:00 sell_to "$MEMBER" "$NIULANSHAN" '{"type":"points","points":300},{"type":"cash","amount":"18.90"}'
  same "$RC" 0 "$2 has 559 points and pays 1.00 of 牛栏山 with 300"
  same "$(points_of "$MEMBER" available)" 259 "259 left: 200 of the 459 the 剑南春 earned are spent"
}
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
sell_to "$LINA" "$JIANNANCHUN,{\"sku\":\"100207\",\"qty\":3}" '{"type":"points","points":2000},{"type":"cash","amount":"498.70"}'
same "$RC" 0 "518.70 of goods, 20.00 in points: 498.70 paid with money"
same "$(points_of $LINA pending)" 498 "498 points, no bonus: the money paid is below 500.00"

section "threshold bonus measures the goods total (goods)"
policy '{"threshold_measure":"goods"}'
sell_to "$YANG" "$JIANNANCHUN,{\"sku\":\"100207\",\"qty\":3}" '{"type":"points","points":2000},{"type":"cash","amount":"498.70"}'
same "$RC" 0 "the same sale"
same "$(points_of $YANG pending)" $((498 + 100)) "the goods total 518.70 reaches 500.00: +100"

section "a coupon worth more than the sale (forfeit / refuse)"
cat >"$T/coupons.json" <<'JSON'
{"templates": [{"code": "CASH-20", "name": "20元代金券", "type": "amount", "off": "20.00", "valid_days": 30}]}
JSON
expect 0 "a 20.00 voucher template" coupon templates import "$T/coupons.json"
expect 0 "issue two to 刘洋" coupon issue --template CASH-20 --member "$LIU" --count 2 --cashier 9001 --supervisor 9001 --json
C1=$(jq -r '.coupons[0].code' "$OUT"); C2=$(jq -r '.coupons[1].code' "$OUT")
policy '{"coupon_over_sale":"forfeit"}'
printf '{"cashier":"1001","member":"%s","lines":[%s],"coupons":["%s"],"tenders":[]}' "$LIU" "$NIULANSHAN" "$C1" >"$T/doc"
expect 0 "quote: the cashier sees before the sale what is forfeit" quote <"$T/doc"
mentions "$OUT" "coupon $C1 gives 19.90; 0.10 of it is forfeit" "the quote says 0.10 is forfeit"
expect 0 "forfeit: the sale goes through at 0.00" sale <"$T/doc"
forfeit_note ()
{
  has_line "$OUT" "  券 $C1 面值 20.00 抵用" "$1: the coupon's worth and what it gave (42 columns: wrapped)"
  has_line "$OUT" "  19.90 (0.10 作废)" "$1: and what is forfeit"
}
forfeit_note "the receipt says it"
forfeit_sale=$(sed -n 's/^流水号: //p' "$OUT")
expect 0 "reprint the coupon sale" receipt "$forfeit_sale" --reprint
forfeit_note "its reprint says the same"
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
sell_to "$LIU" "$NIULANSHAN" '{"type":"points","points":100},{"type":"cash","amount":"18.90"}'
same "$RC" 6 "points are blocked"
pend=$(points_of $LIU pending)
sell_to "$LIU" "$NIULANSHAN" '{"type":"stored_value","amount":"19.90"}'
same "$RC" 0 "stored value still pays"
same "$(points_of $LIU pending)" $((pend + 19)) "and the sale earns"

section "a freeze blocks stored value too (stored_value)"
policy '{"freeze_blocks":"stored_value"}'
before=$(fingerprint)
sell_to "$LIU" "$NIULANSHAN" '{"type":"stored_value","amount":"19.90"}'
same "$RC" 6 "stored value is refused (exit 6)"
mentions "$ERR" "blocks stored value too: the 19.90 stored-value payment cannot be taken" "says so, with the amount"
same "$(fingerprint)" "$before" "nothing changed"
pend=$(points_of $LIU pending)
sell_to "$LIU" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $LIU pending)" $((pend + 19)) "a cash sale still earns"

section "a freeze blocks earning too (earning)"
policy '{"freeze_blocks":"earning"}'
pend=$(points_of $LIU pending)
sell_to "$LIU" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$RC" 0 "a cash sale goes through"
same "$(points_of $LIU pending)" "$pend" "but earns nothing"
expect 0 "unfreeze" points unfreeze "$LIU" --reason 核实 --supervisor 9001

section "member day by calendar date (calendar): 02:00 on the 11th is the 11th"
policy '{"date_rules":"calendar"}'
pend=$(points_of $LINA pending)
MALLPOS_NOW=2026-12-11T02:00:00+08:00 sell_to "$LINA" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $LINA pending)" $((pend + 19)) "not member day: ×1"
pend=$(points_of $LINA pending)
MALLPOS_NOW=2026-12-10T02:00:00+08:00 sell_to "$LINA" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $LINA pending)" $((pend + 39)) "02:00 on the 10th is member day: ×2"

section "member day by business day (business_day, cut-off 04:00)"
policy '{"date_rules":"business_day"}'
pend=$(points_of $YANG pending)
MALLPOS_NOW=2026-12-11T02:00:00+08:00 sell_to "$YANG" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $YANG pending)" $((pend + 39)) "02:00 on the 11th belongs to business day the 10th: ×2"
pend=$(points_of $YANG pending)
MALLPOS_NOW=2026-12-10T02:00:00+08:00 sell_to "$YANG" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$(points_of $YANG pending)" $((pend + 19)) "02:00 on the 10th is still business day the 9th: ×1"

section "burn minimum per payment (payment)"
jq '.points.burn.minimum = 200 | .policies = {"burn_minimum_per":"payment"}' "$DEMO/loyalty-rules.json" >"$T/rules.json"
expect 0 "rules: at least 200 points per payment" import loyalty-rules "$T/rules.json"
sell_to "$LINA" "$YANGHE" '{"type":"points","points":100},{"type":"points","points":100},{"type":"cash","amount":"147.00"}'
same "$RC" 4 "two payments of 100 are each below 200 (exit 4)"
mentions "$ERR" "at least 200 points per payment (got 100)" "says the minimum per payment"

section "burn minimum per sale (sale)"
jq '.points.burn.minimum = 200 | .policies = {"burn_minimum_per":"sale"}' "$DEMO/loyalty-rules.json" >"$T/rules.json"
expect 0 "rules: at least 200 points per sale" import loyalty-rules "$T/rules.json"
sell_to "$LINA" "$YANGHE" '{"type":"points","points":100},{"type":"points","points":100},{"type":"cash","amount":"147.00"}'
same "$RC" 0 "two payments of 100 make the 200 of the sale"
sell_to "$LINA" "$YANGHE" '{"type":"points","points":100},{"type":"cash","amount":"148.00"}'
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

spent_rules ()
{
  jq --argjson p "$1" '.points.burn = {"points_per_yuan": 300, "minimum": 300, "multiple": 300, "max_share": "50%",
      "no_proof_max": 30000, "no_proof_daily_cap": 30000}
    | .policies = ((.policies // {}) + $p)' "$DEMO/loyalty-rules.json" >"$T/rules.json"
  "$MALLPOSCTL" import loyalty-rules "$T/rules.json" >/dev/null 2>"$ERR" || { fail "import policy $1"; cat "$ERR"; }
}

section "returning a sale whose earned points are spent: refused (refuse)"
spent_rules '{"spent_points_return":"refuse"}'
spent_setup 13700001001 周一
before=$(fingerprint)
MALLPOS_NOW=2026-12-20T12:00:00+08:00 run return "$SOLD"
same "$RC" 6 "the return takes back 459 points she no longer has: refused (exit 6)"
mentions "$ERR" "the member has already spent 200 of the points this return takes back" "names the points spent"
mentions "$ERR" "policy spent_points_return" "and the store's other choices"
same "$(fingerprint)" "$before" "the refused return changes nothing"

section "returning a sale whose earned points are spent: their value leaves the refund (deduct)"
spent_rules '{"spent_points_return":"deduct"}'
spent_setup 13700001002 周二
MALLPOS_NOW=2026-12-20T12:00:00+08:00 expect 0 "the return goes through" return "$SOLD"
has_line "$OUT" "扣回已用积分(200分)                   0.67" "200 points at 300 a yuan: 0.6667, kept back as 0.67 (rounded up, the store's favour)"
has_line "$OUT" "  现金少退" "the receipt says which refund gives less"
has_line "$OUT" "现金                               -458.33" "cash refunds 459.00 less 0.67"
has_line "$OUT" "可用积分                                 0" "her points are back to 0"
same "$(points_of "$MEMBER" available)" 0 "nothing owed: the refund paid for the 200 points"
refund=$(sed -n 's/^流水号: //p' "$OUT")
expect 0 "the return as JSON" receipt "$refund" --json
same "$(jq -r '.points_deduction' "$OUT")" 0.67 "its record keeps the deduction"
same "$(jq -r '[.tenders[].amount | tonumber] | add' "$OUT")" -458.33 "and its refunds add up to the rest"
same "$(sql "SELECT count(*) FROM points_ledger WHERE lot_id IS NULL AND kind = 'repay' AND available = 200")" 1 \
  "the ledger shows the 200 points taken back and paid for by the refund"
expect 0 "check: refunds, ledgers and balances agree" check

section "deduct, but the refund goes back to stored value: nothing to deduct from, refused"
jq '.policies.spent_points_return = "deduct"' "$DEMO/loyalty-rules.json" >"$T/rules.json"
expect 0 "demo rules (100 points a yuan), deduct" import loyalty-rules "$T/rules.json"
"$MALLPOSCTL" member register --phone 13700001004 --name 周四 --json >"$T/member.json"
MEMBER=$(jq -r '.card_no' "$T/member.json")
MALLPOS_NOW=2026-12-12T10:00:00+08:00 expect 0 "周四 tops up 200.00" stored-value top-up "$MEMBER" --amount 200.00
MALLPOS_NOW=2026-12-12T10:05:00+08:00 sell_to "$MEMBER" "$YANGHE" '{"type":"stored_value","amount":"149.00"}'
SOLD=$(sed -n 's/^流水号: //p' "$OUT")
MALLPOS_NOW=2026-12-20T10:00:00+08:00 "$MALLPOSCTL" points run >/dev/null
MALLPOS_NOW=2026-12-20T11:00:00+08:00 sell_to "$MEMBER" "$NIULANSHAN" '{"type":"points","points":200},{"type":"cash","amount":"17.90"}'
same "$(points_of "$MEMBER" available)" 49 "100 + 149 earned, 200 spent: 49 left"
before=$(fingerprint)
MALLPOS_NOW=2026-12-20T12:00:00+08:00 run return "$SOLD"
same "$RC" 4 "100 of the 149 points are spent (1.00), but the 149.00 goes back to stored value: refused (exit 4)"
mentions "$ERR" "worth 1.00, which the store deducts from the refund, but only 0.00 of it goes back as money" "says why, with both amounts"
same "$(fingerprint)" "$before" "nothing changed"

section "returning a sale whose earned points are spent: the balance goes negative (negative)"
spent_rules '{"spent_points_return":"negative"}'
spent_setup 13700001003 周三
MALLPOS_NOW=2026-12-20T12:00:00+08:00 expect 0 "the return goes through" return "$SOLD"
has_line "$OUT" "现金                               -459.00" "the whole 459.00 is refunded"
has_line "$OUT" "可用积分                              -200" "the receipt shows the negative balance"
same "$(points_of "$MEMBER" available)" -200 "points balance: -200"
same "$(points_of "$MEMBER" usable)" -200 "usable: -200"
expect 0 "check: the balance equals its ledger, below zero" check
# with the member code on her phone (points-proof.sh): proven, she is told why
QR=$(MALLPOS_NOW=2026-12-20T13:00:00+08:00 "$MALLPOSCTL" member qr "$(sql "SELECT member_id FROM member_cards WHERE card_no = '$MEMBER'")")
MALLPOS_NOW=2026-12-20T13:00:00+08:00 sell_to "$MEMBER" "$YANGHE" "{\"type\":\"points\",\"points\":300,\"qr\":\"$QR\"},{\"type\":\"cash\",\"amount\":\"148.00\"}"
same "$RC" 6 "a negative balance cannot pay with points (exit 6)"
mentions "$ERR" "points balance is negative (-200)" "and says why"
MALLPOS_NOW=2026-12-20T13:00:00+08:00 sell_to "$MEMBER" "$YANGHE" '{"type":"cash","amount":"149.00"}'
same "$(points_of "$MEMBER" pending)" $((18 + 149)) "she earns 149 (pending, with the 18 of 牛栏山)"
MALLPOS_NOW=2026-12-28T10:00:00+08:00 expect 0 "the run confirms them" points run
same "$(points_of "$MEMBER" available)" -33 "they repay the debt first: -200 + 167 = -33"
same "$(points_of "$MEMBER" usable)" -33 "usable too"
expect 0 "points statement" points statement "$MEMBER"
mentions "$OUT" "积分 Points: usable -33, pending 0" "the statement shows -33"
expect 0 "liability" report liability --json --supervisor 9001
same "$(jq -r '.points.owed' "$OUT")" 33 "the liability names the 33 points owed"

finish
