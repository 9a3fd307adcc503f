#!/bin/bash
# loyalty-leaks.sh — the ways points and stored value leaked at a real
# counter (issue 12), each through mallposctl: a bonus a sale granted
# (消费满500送100分, the referral bonus of a first purchase) is taken back when
# a return takes the sale below its condition; usable points never count a
# lot past its expiry; a refusal names the tender and the amount that is
# wrong. Demo rules (data/demo/loyalty-rules.json). Liquor has no
# promotion: 牛栏山 19.90, 洋河 149.00, 剑南春 459.00.
. "$(dirname "$0")/lib.sh"
demo_store
expect 0 "returns, top-ups and exchanges name cashier 1001" init --default-cashier 1001

NIULANSHAN='{"sku":"100207"}'
YANGHE='{"sku":"100204"}'
JIANNANCHUN='{"sku":"100205"}'

receipt_of () { sed -n 's/^流水号: //p' "$OUT"; }
expect 0 "import the demo rules" import loyalty-rules "$DEMO/loyalty-rules.json"

section "threshold bonus: a return below 500.00 takes the 100 back (pending: voided)"
sell_to "$LINA" "$JIANNANCHUN,$YANGHE" '{"type":"cash","amount":"608.00"}'
same "$RC" 0 "李娜 spends 608.00"
big=$(receipt_of)
same "$(points_of $LINA pending)" 708 "608 points and the 100 bonus, pending"
expect 0 "return 洋河 (149.00): 459.00 left, below 500.00" return "$big" --line 2
same "$(points_of $LINA pending)" 459 "the 149 points of 洋河 and the whole 100 bonus go"
same "$(sql "SELECT l.status FROM points_lots l JOIN sale_bonuses b ON b.lot_id = l.id")" rejected \
  "the pending bonus lot is voided (rejected)"
expect 0 "return the rest" return "$big"
same "$(points_of $LINA pending)" 0 "nothing is left pending"

section "threshold bonus: a return that stays above 500.00 keeps it"
sell_to "$LINA" "$JIANNANCHUN,$YANGHE,$NIULANSHAN" '{"type":"cash","amount":"627.90"}'
keep=$(receipt_of)
# earned LINE — what the kept sale's line earned (its share of the 627 points).
earned () { sql "SELECT y.points_earned FROM loyalty_lines y JOIN sales s ON s.id = y.sale_id WHERE s.receipt_no = '$keep' AND y.line_no = $1"; }
same "$(points_of $LINA pending)" $((627 + 100)) "627 points and the bonus"
expect 0 "return 牛栏山 (19.90): 608.00 left" return "$keep" --line 3
same "$(points_of $LINA pending)" $((627 - $(earned 3) + 100)) "only 牛栏山's points go; the bonus stays"
same "$(sql "SELECT remaining FROM points_lots WHERE source = 'campaign' AND status = 'pending'")" 100 \
  "the bonus lot is whole"

section "threshold bonus, already confirmed: reversed from the available points"
left=$((627 - $(earned 3) + 100))
MALLPOS_NOW=2026-12-01T10:00:00+08:00 expect 0 "the return window ends: points run" points run
same "$(points_of $LINA available)" $left "all confirmed"
MALLPOS_NOW=2026-12-01T11:00:00+08:00 expect 0 "return 剑南春 after the window" return "$keep" --line 1
same "$(points_of $LINA available)" $((left - $(earned 1) - 100)) "剑南春's points and the 100 bonus come off"
same "$(sql "SELECT count(*) FROM points_ledger r JOIN points_ledger e ON e.id = r.corrects JOIN sale_bonuses b ON b.lot_id = e.lot_id WHERE r.kind = 'reverse' AND r.available = -100")" 1 \
  "the reversal is a new entry pointing at the bonus's earn entry"

section "the bonus already spent: the return is refused and says what to do"
spent=$(points_of $LINA available)
MALLPOS_NOW=2026-12-01T12:00:00+08:00 sell_to "$LINA" "{\"sku\":\"100204\",\"qty\":9}" \
  "{\"type\":\"points\",\"points\":$((spent / 100 * 100))},{\"type\":\"cash\",\"amount\":\"$(printf '%d.%02d' $(( (134100 - spent / 100 * 100) / 100 )) $(( (134100 - spent / 100 * 100) % 100 )))\"}"
same "$RC" 0 "李娜 spends her points on 9 bottles of 洋河"
before=$(fingerprint)
MALLPOS_NOW=2026-12-01T12:30:00+08:00 expect 6 "returning the rest of the 608.00 sale takes back points she no longer has (exit 6)" \
  return "$keep"
mentions "$ERR" "already spent" "says the points are spent"
mentions "$ERR" "a supervisor adds them first (mallposctl points adjust)" "and what to do"
same "$(fingerprint)" "$before" "the refused return changes nothing"

section "referral bonus: the referrer loses it when the first purchase is returned"
expect 0 "a new member referred by 杨磊" member register --phone 13700009999 --name 王芳 --referrer "$YANG" --json
NEW_CARD=$(jq -r '.card_no' "$OUT")
same "$(points_of $YANG pending)" 0 "杨磊 has nothing yet"
sell_to "$NEW_CARD" "$YANGHE" '{"type":"cash","amount":"149.00"}'
same "$RC" 0 "王芳's first purchase"
first=$(receipt_of)
same "$(points_of $YANG pending)" 100 "杨磊 gets the 100-point referral bonus (pending)"
expect 0 "王芳 returns the whole purchase" return "$first"
same "$(points_of $YANG pending)" 0 "the referral bonus is taken back"
sell_to "$NEW_CARD" "$YANGHE" '{"type":"cash","amount":"149.00"}'
same "$(points_of $YANG pending)" 0 "a second purchase grants no new referral bonus (once only)"

section "referral bonus: a partial return keeps it"
expect 0 "another member referred by 杨磊" member register --phone 13700008888 --name 赵敏 --referrer "$YANG" --json
CARD2=$(jq -r '.card_no' "$OUT")
sell_to "$CARD2" "$YANGHE,$NIULANSHAN" '{"type":"cash","amount":"168.90"}'
second=$(receipt_of)
same "$(points_of $YANG pending)" 100 "杨磊 gets the bonus"
expect 0 "赵敏 returns 牛栏山 only" return "$second" --line 2
same "$(points_of $YANG pending)" 100 "a purchase is still made: the bonus stays"

section "a refusal names the tender and the amount that is wrong"
expect 0 "adjust 杨磊 +5000" points adjust "$YANG" --points 5000 --reason 补偿 --supervisor 9001
before=$(fingerprint)
sell_to "$YANG" "$NIULANSHAN" '{"type":"points","points":2000}'
same "$RC" 6 "20.00 in points on a 19.90 sale is refused (exit 6)"
mentions "$ERR" "the 积分 Points payment of 20.00 is 0.10 more than the 19.90 due" \
  "the message names the points payment and its amount"
mentions "$ERR" "make it at most 19.90" "and says what would do"
lacks "$ERR" "card and mobile" "it does not blame card and mobile payments"
sell_to "$YANG" "$NIULANSHAN" '{"type":"cash","amount":"5.00"},{"type":"bank_card","amount":"20.00","reference":"T1"}'
mentions "$ERR" "the 银行卡 Card payment of 20.00 is 0.10 more than the 19.90 due" \
  "a bank card paying too much is named as such"
same "$(fingerprint)" "$before" "refusals change nothing"

section "a coupon bought with points: cancelled unused, the points come back"
expect 0 "import the demo coupon templates" coupon templates import "$DEMO/coupons.json"
had=$(points_of $YANG available)
expect 0 "杨磊 exchanges 200 points for a 5.00 coupon" coupon exchange --member "$YANG" --template PTS-5 --json
PTS=$(jq -r '.coupons[0].code' "$OUT")
same "$(points_of $YANG available)" $((had - 200)) "200 points taken"
before=$(fingerprint)
expect 4 "cancelling needs a supervisor (the demo policy)" coupon cancel-exchange "$PTS" --reason 顾客不要了
mentions "$ERR" "needs a supervisor" "says a supervisor is needed"
expect 4 "and a reason" coupon cancel-exchange "$PTS" --supervisor 9001
same "$(fingerprint)" "$before" "refusals change nothing"
expect 0 "a supervisor cancels the unused coupon" coupon cancel-exchange "$PTS" --reason 顾客不要了 --supervisor 9001
mentions "$OUT" "200 points given back for coupon $PTS" "says the points are back"
same "$(points_of $YANG available)" "$had" "the 200 points are back"
same "$(sql "SELECT status FROM coupons WHERE code = '$PTS'")" void "the coupon is void"
same "$(sql "SELECT sum (r.available) FROM points_ledger r JOIN points_ledger b ON b.id = r.corrects WHERE r.kind = 'restore' AND b.kind = 'burn' AND r.sale_id IS NULL AND r.approved_by = '9001'")" 200 \
  "the points come back as a restore entry pointing at the burn, with the supervisor"
expect 6 "cancelling it again is refused" coupon cancel-exchange "$PTS" --reason again --supervisor 9001
mentions "$ERR" "is void" "says it is void already"

section "voiding a points coupon for another reason: the points are forfeit, and said so"
expect 0 "exchange again" coupon exchange --member "$YANG" --template PTS-5 --json
PTS2=$(jq -r '.coupons[0].code' "$OUT")
expect 0 "void it (damaged)" coupon void "$PTS2" --reason 券面损坏
mentions "$ERR" "the 200 points paid for coupon $PTS2 are forfeit" "the cashier is told the points are forfeit"
same "$(points_of $YANG available)" $((had - 200)) "no points come back"
same "$(sql "SELECT reason FROM coupon_events WHERE code = '$PTS2' AND kind = 'void'")" "200 points forfeit: 券面损坏" \
  "the record says the points are forfeit and why"

section "the cancellation window (7 days in the demo policy)"
expect 0 "exchange a third" coupon exchange --member "$YANG" --template PTS-5 --json
PTS3=$(jq -r '.coupons[0].code' "$OUT")
MALLPOS_NOW=2026-11-30T10:00:00+08:00 expect 6 "8 days later it cannot be cancelled" \
  coupon cancel-exchange "$PTS3" --reason late --supervisor 9001
mentions "$ERR" "allows 7 days" "says the window"

section "goods returned after their top-up was refunded: the principal is paid out at once"
sv_of () { "$MALLPOSCTL" stored-value balance "$1" --json | jq -r ".$2"; }
expect 0 "王芳 tops up 500.00 in cash (充500送50)" stored-value top-up "$NEW_CARD" --amount 500.00 --tender cash
top_up=$(sed -n 's/^流水号: //p' "$OUT")
sell_to "$NEW_CARD" "$YANGHE" '{"type":"stored_value","amount":"110.00"},{"type":"cash","amount":"39.00"}'
same "$RC" 0 "洋河: 110.00 stored value (100.00 principal, 10.00 bonus) + 39.00 cash"
paid=$(receipt_of)
expect 0 "the top-up is refunded: 400.00 principal back, 40.00 bonus taken" \
  stored-value refund-top-up "$top_up" --supervisor 9001
same "$(sv_of $NEW_CARD principal) $(sv_of $NEW_CARD bonus)" "0.00 0.00" "nothing left"
expect 0 "then 洋河 comes back" return "$paid"
mentions "$OUT" "储值退款 S001-T01-" "the return says a payout was made"
mentions "$OUT" "pay 100.00 by 现金 Cash" "the 100.00 principal is paid out in cash, the top-up's tender"
grep -E '^储值余额 +0\.00$' "$OUT" >/dev/null \
  && pass "the return's receipt shows the stored value left after the payout: 0.00" \
  || fail "the return's receipt shows the stored value left after the payout: 0.00"
same "$(sv_of $NEW_CARD principal) $(sv_of $NEW_CARD bonus)" "0.00 0.00" \
  "no principal is stranded in stored value, and the 10.00 bonus does not come back"
same "$(sql "SELECT -sum (principal) FROM sv_top_ups WHERE kind = 'refund' AND original_id = (SELECT id FROM sv_top_ups WHERE receipt_no = '$top_up')")" 50000 \
  "the top-up's refunds together paid back its 500.00, no more"
expect 0 "a member whose top-up still stands keeps it as stored value" stored-value top-up "$NEW_CARD" --amount 100.00 --tender cash
sell_to "$NEW_CARD" "$NIULANSHAN" '{"type":"stored_value","amount":"19.90"}'
expect 0 "return it" return "$(receipt_of)"
lacks "$OUT" "储值退款" "nothing is paid out"
same "$(sv_of $NEW_CARD principal)" "100.00" "the principal is back in stored value (refundable with its top-up)"

section "usable points never count a lot past its expiry, even before the daily run"
LIU=8800000000046
expect 0 "adjust 刘洋 +500 (valid through 2027-11-23)" points adjust "$LIU" --points 500 --reason 开业礼 --supervisor 9001
export MALLPOS_NOW=2027-11-24T10:00:00+08:00
sell_to "$LIU" "$NIULANSHAN" '{"type":"cash","amount":"19.90"}'
same "$RC" 0 "刘洋 buys 牛栏山 the day after the lot expired, before any points run"
grep -E "^可用积分 +0$" "$OUT" >/dev/null && pass "the receipt shows 0 usable points, not 500" || fail "the receipt shows 0 usable points, not 500"
expect 0 "points balance" points balance "$LIU"
mentions "$OUT" "积分 Points: usable 0, pending " "the balance shows 0 usable"
mentions "$OUT" "500 more are past their expiry and leave at the next points run" \
  "and says the 500 are past their expiry"
expect 0 "points statement" points statement "$LIU"
mentions "$OUT" "积分 Points: usable 0, pending " "the statement shows the same"
sell_to "$LIU" "$NIULANSHAN" '{"type":"points","points":100},{"type":"cash","amount":"18.90"}'
same "$RC" 6 "paying with the expired points is refused"
mentions "$ERR" "not enough points for 100" "and says there are not enough"
lacks "$ERR" "500" "naming no balance without the member's proof (points-proof.sh)"
expect 0 "the daily run sweeps them" points run
same "$(points_of $LIU available)" 0 "the ledger's expire entry comes with the run"
unset MALLPOS_NOW; export MALLPOS_NOW=2026-11-23T10:00:00+08:00

section "check proves a bonus record agrees with its lot and its lines"
cp "$MALLPOS_STORE" "$T/bad.db"
sqlite3 "$T/bad.db" "PRAGMA foreign_keys=OFF; INSERT INTO sale_bonuses SELECT lot_id + 1000, sale_id, kind, measure + 1, points, lines FROM sale_bonuses LIMIT 1" 
MALLPOS_STORE="$T/bad.db" expect 7 "a bonus row without its lot is found" check
mentions "$OUT" "bonus lot" "the problem names the bonus lot"

finish
