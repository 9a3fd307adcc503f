#!/bin/bash
# loyalty.sh — the loyalty issue's seed examples through mallposctl, with the
# demo rules (data/demo/loyalty-rules.json): 1 yuan = 1 point (pending for
# the 7-day return window, then confirmed by `points run`); 100 points =
# 1 yuan with a 100-point minimum, in steps of 100; expiry after one year
# (and an expiry run that is safe to repeat); member-day double points;
# spend ≥ 500 → +100; 充500送50 then a sale paid partly from the bonus; a
# partial return that gives back and takes back exactly what its lines
# consumed and earned. Every refusal (frozen, short, PIN missing, wrong five
# times, negative top-up, top-up refunded twice) says why and changes
# nothing. Members: 李娜 8800000000039 and 杨磊 8800000000060, both normal
# level (no discount, points ×1), and 刘洋 for expiry, last because it moves
# the clock a year on. Liquor (烟酒/白酒) has no promotion, so
# prices are list prices: 牛栏山 19.90, 洋河 149.00, 剑南春 459.00.
. "$(dirname "$0")/lib.sh"
demo_store

LIU=8800000000046

sv_of () { "$MALLPOSCTL" stored-value balance "$1" --json | jq -r ".$2"; }
NIULANSHAN='{"sku":"100207"}'
YANGHE='{"sku":"100204"}'
JIANNANCHUN='{"sku":"100205"}'

section "rules"
before=$(fingerprint)
printf '{"points":{"earn":{"points":1,"per":"1.00"},"burn":{"points_per_yuan":300,"multiple":100}}}' >"$T/bad.json"
expect 4 "rules whose burn step is not whole fen are refused" import loyalty-rules "$T/bad.json"
mentions "$ERR" "multiple" "the message names the field"
printf '{"points":{"earn":{"points":1,"per":"1.00"}},"stored_value":{"tiers":[{"top_up":"500.00","bonus":"50.00","extra":1}]}}' >"$T/bad.json"
expect 4 "an unknown field is refused" import loyalty-rules "$T/bad.json"
mentions "$ERR" "unknown field “extra”" "the message names the unknown field"
same "$(fingerprint)" "$before" "refused rules change nothing"
printf '{"cashier":"1001","member":"%s","lines":[%s],"tenders":[{"type":"points","points":100},{"type":"cash","amount":"18.90"}]}' \
  "$LINA" "$NIULANSHAN" >"$T/doc"
expect 6 "no rules yet: points cannot pay" sale <"$T/doc"
mentions "$ERR" "import the loyalty rules" "the message says what to do"
expect 0 "import the demo rules" import loyalty-rules "$DEMO/loyalty-rules.json"

section "1 yuan = 1 point, pending for the return window"
sell_to "$LINA" "$NIULANSHAN,$YANGHE" '{"type":"cash","amount":"200.00"}'
same "$RC" 0 "李娜 buys 牛栏山 + 洋河 = 168.90"
same "$(points_of $LINA pending)" 168 "168.90 earns 168 points (floor)"
same "$(points_of $LINA available)" 0 "pending points are not available yet"
MALLPOS_NOW=2026-11-30T09:59:59+08:00 expect 0 "points run a second before the window ends" points run
has_line "$OUT" "confirmed 0 points in 0 lots" "nothing confirms early"
MALLPOS_NOW=2026-11-30T10:00:00+08:00 expect 0 "points run when the 7-day window ends" points run
has_line "$OUT" "confirmed 168 points in 1 lots" "the sale's 168 points confirm"
same "$(points_of $LINA available)" 168 "168 available"

section "100 points = 1 yuan, at least 100, in steps of 100"
before=$(fingerprint)
sell_to "$LINA" "$NIULANSHAN" '{"type":"points","points":50},{"type":"cash","amount":"19.40"}'
same "$RC" 4 "50 points: below the minimum (exit 4)"
mentions "$ERR" "at least 100 points" "says the minimum"
sell_to "$LINA" "$NIULANSHAN" '{"type":"points","points":150},{"type":"cash","amount":"18.40"}'
same "$RC" 4 "150 points: not a multiple of 100 (exit 4)"
mentions "$ERR" "steps of 100" "says the step"
sell_to "$LINA" "$YANGHE" '{"type":"points","points":200},{"type":"cash","amount":"147.00"}'
same "$RC" 6 "200 points of 168: not enough (exit 6)"
mentions "$ERR" "not enough points for 200" "says there are not enough"
lacks "$ERR" "168" "without the member's proof it names no balance (points-proof.sh shows it with)"
sell_to "$LINA" "$NIULANSHAN" '{"type":"points","points":1100},{"type":"cash","amount":"8.90"}'
same "$RC" 6 "11.00 of 19.90 in points: above the 50% share (exit 6)"
mentions "$ERR" "at most 50%" "says the share"
same "$(fingerprint)" "$before" "refused payments change nothing"
sell_to "$LINA" "$NIULANSHAN" '{"type":"points","points":100},{"type":"cash","amount":"18.90"}'
same "$RC" 0 "100 points pay 1.00 of 牛栏山"
mentions "$OUT" "积分" "the receipt shows the points payment"
has_line "$OUT" "积分                                  1.00" "worth 1.00"
same "$(points_of $LINA available)" 68 "68 points left"
same "$(points_of $LINA pending)" 18 "the 18.90 paid in cash earns 18 (none on the points paid)"

section "member day (the 10th): double points"
MALLPOS_NOW=2026-12-10T10:00:00+08:00 sell_to "$LINA" "$YANGHE" '{"type":"cash","amount":"149.00"}'
same "$RC" 0 "李娜 buys 洋河 149.00 on 10 December"
same "$(points_of $LINA pending)" $((18 + 298)) "member day: 298 points"

section "spend ≥ 500 yuan: +100"
sell_to "$LINA" "$JIANNANCHUN,$YANGHE" '{"type":"cash","amount":"608.00"}'
same "$RC" 0 "李娜 spends 608.00"
same "$(points_of $LINA pending)" $((18 + 298 + 608 + 100)) "608 points and the 100 bonus"

section "充500送50, then a sale paid partly from the bonus"
expect 4 "a negative top-up is refused" stored-value top-up "$YANG" --amount -10.00 --cashier 1001
expect 0 "杨磊 tops up 500.00 in cash" stored-value top-up "$YANG" --amount 500.00 --tender cash --cashier 1001
# The 10 December sale began business day 20261210: with the clock back on
# the 23rd, later records stay in it (src/business-day.h).
has_line "$OUT" "流水号: S001-T01-20261210-C0001" "the top-up has its own receipt number"
mentions "$OUT" "赠额 Bonus        50.00 (500.00+50.00)" "the 充500送50 tier"
top_up1=S001-T01-20261210-C0001
same "$(sv_of $YANG principal) $(sv_of $YANG bonus)" "500.00 50.00" "principal 500.00, bonus 50.00 apart"
sell_to "$YANG" "$YANGHE" '{"type":"stored_value","amount":"110.00"},{"type":"cash","amount":"39.00"}'
same "$RC" 0 "洋河 149.00: 110.00 stored value + 39.00 cash"
mentions "$OUT" "储值" "the receipt shows the stored-value payment"
same "$(sv_of $YANG principal) $(sv_of $YANG bonus)" "400.00 40.00" \
  "proportional: 100.00 principal and 10.00 bonus spent"
same "$(points_of $YANG pending)" 139 "no points on the 10.00 the bonus paid"
# The receipt's member block: what the sale earned, and the balances right after it.
cp "$OUT" "$T/yanghe-receipt"
mentions "$T/yanghe-receipt" "本单积分" "the receipt has a points-earned line"
grep -E '^本单积分 +\+139$' "$T/yanghe-receipt" >/dev/null \
  && pass "the receipt shows +139 points earned" || fail "the receipt shows +139 points earned"
grep -E '^储值余额 +440\.00$' "$T/yanghe-receipt" >/dev/null \
  && pass "the receipt shows 440.00 stored value left (400.00 principal + 40.00 bonus)" \
  || fail "the receipt shows 440.00 stored value left"
grep -E '^待生效积分 \(20[0-9]{2}-[0-9]{2}-[0-9]{2}起可用\) +139$' "$T/yanghe-receipt" >/dev/null \
  && pass "the receipt shows the 139 points pending" || fail "the receipt shows the 139 points pending"
yanghe_receipt=$(sed -n 's/^流水号: //p' "$T/yanghe-receipt")
expect 0 "statement" stored-value statement "$YANG" --json
same "$(jq -r '.movements[1] | [.kind, .principal, .bonus] | join(" ")' "$OUT")" "spend -100.00 -10.00" \
  "the spend keeps principal and bonus apart"

section "PIN above 200.00, locked after five wrong tries"
printf '123456\n' >"$T/pin"
expect 9 "a new payment PIN needs the member's proof" stored-value set-pin "$YANG" <"$T/pin"
mentions "$ERR" "needs the member's proof" "… and says which"
expect 0 "set 杨磊's payment PIN (from stdin), ID checked by 9001" stored-value set-pin "$YANG" --supervisor 9001 <"$T/pin"
same "$(sql "SELECT substr (hash, 1, 10) FROM payment_pins")" '$argon2id$' "stored as an argon2id hash"
before=$(fingerprint)
sell_to "$YANG" "$JIANNANCHUN" '{"type":"stored_value","amount":"250.00"},{"type":"cash","amount":"209.00"}'
same "$RC" 4 "250.00 without the PIN is refused (exit 4)"
mentions "$ERR" "needs the member's payment PIN" "says the PIN is needed"
same "$(fingerprint)" "$before" "nothing changed"
for try in 1 2 3 4; do
  sell_to "$YANG" "$JIANNANCHUN" '{"type":"stored_value","amount":"250.00","pin":"000000"},{"type":"cash","amount":"209.00"}'
  same "$RC" 4 "wrong PIN, try $try (exit 4)"
done
mentions "$ERR" "1 tries left" "the fourth says one try is left"
sell_to "$YANG" "$JIANNANCHUN" '{"type":"stored_value","amount":"250.00","pin":"000000"},{"type":"cash","amount":"209.00"}'
same "$RC" 6 "the fifth wrong PIN locks it (exit 6)"
sell_to "$YANG" "$JIANNANCHUN" '{"type":"stored_value","amount":"250.00","pin":"123456"},{"type":"cash","amount":"209.00"}'
same "$RC" 6 "locked: even the right PIN is refused"
same "$(sv_of $YANG pin_locked)" true "the lock persists"
same "$(sql "SELECT count(*) FROM sales WHERE member_id = (SELECT member_id FROM member_cards WHERE card_no = '$YANG')")" 1 \
  "no sale was made"
expect 9 "unlock needs a supervisor" stored-value unlock-pin "$YANG"
expect 0 "a supervisor unlocks" stored-value unlock-pin "$YANG" --supervisor 9001
sell_to "$YANG" "$JIANNANCHUN" '{"type":"stored_value","amount":"250.00","pin":"123456"},{"type":"cash","amount":"209.00"}'
same "$RC" 0 "the right PIN pays 250.00"
sell_to "$YANG" "$JIANNANCHUN" '{"type":"stored_value","amount":"400.00","pin":"123456"},{"type":"cash","amount":"59.00"}'
same "$RC" 6 "more than the balance is refused (exit 6)"
mentions "$ERR" "not enough stored value" "says the balance is short"

section "refund of a top-up: unused principal only"
expect 9 "a refund needs a supervisor" stored-value refund-top-up "$top_up1" --cashier 1001
expect 0 "refund the 500.00 top-up" stored-value refund-top-up "$top_up1" --supervisor 9001 --cashier 1001 --json
# Left after the 250.00 sale (proportional, 227.27 + 22.73): 172.73 and 17.27.
same "$(jq -r '[.principal, .bonus] | join(" ")' "$OUT")" "-172.73 -17.27" \
  "pays back the principal left and takes back the bonus left (never paid out)"
same "$(sv_of $YANG principal) $(sv_of $YANG bonus)" "0.00 0.00" "nothing left"
expect 6 "a second refund is refused" stored-value refund-top-up "$top_up1" --supervisor 9001 --cashier 1001
mentions "$ERR" "already refunded" "says it was refunded"

section "a partial return reverses exactly"
expect 0 "adjust 李娜 +1000" points adjust "$LINA" --points 1000 --reason 补偿 --supervisor 9001
avail0=$(points_of $LINA available)
pend0=$(points_of $LINA pending)
sell_to "$LINA" '{"sku":"100207","qty":3},{"sku":"100204"}' '{"type":"points","points":1000},{"type":"cash","amount":"198.70"}'
same "$RC" 0 "3 × 牛栏山 + 洋河 = 208.70: 1000 points (10.00) and 198.70 cash"
sale=$(sed -n 's/^流水号: //p' "$OUT")
alloc () { sql "SELECT y.$2 FROM loyalty_lines y JOIN sales s ON s.id = y.sale_id WHERE s.receipt_no = '$sale' AND y.line_no = $1"; }
same "$(alloc 1 points_burnt) $(alloc 2 points_burnt)" "286 714" "the burn allocated by largest remainder"
same "$(alloc 1 points_earned) $(alloc 2 points_earned)" "57 141" "198 earned, allocated the same way"
same "$(points_of $LINA available)" $((avail0 - 1000)) "1000 burnt"
same "$(points_of $LINA pending)" $((pend0 + 198)) "198 pending"
expect 0 "return 洋河 (line 2)" return "$sale" --line 2 --cashier 1002
has_line "$OUT" "积分                                 -7.14" "7.14 back to the points payment"
has_line "$OUT" "现金                               -141.86" "the rest in cash"
same "$(points_of $LINA available)" $((avail0 - 1000 + 714)) "exactly the 714 points line 2 consumed come back"
same "$(points_of $LINA pending)" $((pend0 + 198 - 141)) "exactly the 141 it earned go"
expect 0 "return one 牛栏山 of three" return "$sale" --line 1:1 --cashier 1001
expect 0 "return the other two" return "$sale" --line 1:2 --cashier 1001
same "$(points_of $LINA available)" "$avail0" "every burnt point is back"
same "$(points_of $LINA pending)" "$pend0" "every earned point is gone"
same "$(sql "SELECT sum (t.amount) FROM tenders t JOIN sales s ON s.id = t.sale_id WHERE (s.receipt_no = '$sale' OR s.original_sale_id = (SELECT id FROM sales WHERE receipt_no = '$sale')) AND t.type = 'points'")" 0 \
  "points payments and refunds cancel to the fen"
same "$(sql "SELECT sum (t.amount) FROM tenders t JOIN sales s ON s.id = t.sale_id WHERE (s.receipt_no = '$sale' OR s.original_sale_id = (SELECT id FROM sales WHERE receipt_no = '$sale')) AND t.type = 'cash'")" 0 \
  "so do the cash payments"
same "$(sql "SELECT l.status FROM points_lots l JOIN sales s ON s.id = l.sale_id WHERE s.receipt_no = '$sale'")" rejected \
  "the sale's pending lot is rejected"

section "frozen points"
expect 4 "freezing needs a reason and a supervisor" points freeze "$LINA"
expect 0 "freeze 李娜's points" points freeze "$LINA" --reason 风控 --supervisor 9001
expect 6 "freezing again is a conflict" points freeze "$LINA" --reason 风控 --supervisor 9001
before=$(fingerprint)
sell_to "$LINA" "$YANGHE" '{"type":"points","points":100},{"type":"cash","amount":"148.00"}'
same "$RC" 6 "a frozen member cannot pay with points (exit 6)"
mentions "$ERR" "frozen" "says the points are frozen"
same "$(fingerprint)" "$before" "nothing changed"
expect 0 "unfreeze" points unfreeze "$LINA" --reason 核实 --supervisor 9001

section "liability"
expect 0 "report liability" report liability --supervisor 9001
mentions "$OUT" "储值 Stored value outstanding" "the text report has the stored-value part"
expect 0 "report liability --json --supervisor 9001" report liability --json --supervisor 9001
same "$(jq -r '.points.confirmed + .points.pending' "$OUT")" \
  "$(sql "SELECT sum (points_available + points_pending) FROM members")" "points outstanding = the members' balances"
same "$(jq -r '.stored_value.principal' "$OUT")" \
  "$(sql "SELECT printf ('%.2f', sum (sv_principal) / 100.0) FROM members")" "principal outstanding"
same "$(jq -r '[.points.by_expiry[].month] | join(" ")' "$OUT")" "2027-11 2027-12" "by expiry month"

section "expiry after one year"
expect 0 "adjust 刘洋 +500 (supervisor)" points adjust "$LIU" --points 500 --reason 开业礼 --supervisor 9001
expect 9 "an adjustment without a supervisor is refused" points adjust "$LIU" --points 5 --reason x
mentions "$ERR" "supervisor" "says a supervisor is needed"
MALLPOS_NOW=2027-11-23T23:00:00+08:00 expect 0 "run on the last valid day" points run
same "$(MALLPOS_NOW=2027-11-23T23:00:00+08:00 points_of $LIU usable)" 500 "nothing expires on its last day"
same "$(MALLPOS_NOW=2027-11-24T00:00:00+08:00 points_of $LIU usable)" 0 "unusable from the first second after (even before the run)"
MALLPOS_NOW=2027-11-24T00:00:01+08:00 expect 0 "run the day after a year" points run
same "$(points_of $LIU available)" 0 "刘洋's 500 expire"
MALLPOS_NOW=2027-11-24T00:00:01+08:00 expect 0 "run again" points run
has_line "$OUT" "expired 0 points in 0 lots" "a second run expires nothing"
MALLPOS_NOW=2027-11-24T00:00:01+08:00 expect 0 "刘洋's statement" points statement "$LIU" --json
same "$(jq -r '[.movements[].kind] | join(" ")' "$OUT")" "adjust expire" "adjust, then expire"
same "$(jq -r '.lots[0].expires_at' "$OUT")" "2027-11-24 00:00:00" "the lot's expiry is shown"

section "a reprint shows the balances as they were after the sale"
expect 0 "reprint the 洋河 sale after later top-ups, spends and returns" receipt "$yanghe_receipt"
sed -n '/^本单积分/,/^储值余额/p' "$T/yanghe-receipt" >"$T/block-first"
sed -n '/^本单积分/,/^储值余额/p' "$OUT" >"$T/block-reprint"
same "$(cat "$T/block-reprint")" "$(cat "$T/block-first")" "the member block is the same as on the first print"

finish
