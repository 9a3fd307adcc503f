#!/bin/bash
# coupon.sh — coupons through mallposctl on the demo store with the demo
# coupon templates (data/demo/coupons.json): 满100减10 issued by hand, put on
# a sale document, explained by `quote`, redeemed once, refused the second
# time, restored by a full return; refusals (another member's, below the
# threshold, expired, wrong store, voided, unknown) each say why, exit with
# a stable code and change nothing; 200 points → a 5-yuan coupon; the
# benefits run gives a month's coupons once; a top-up tier's coupon; a
# campaign; `check` is clean at the end. Liquor (烟酒/白酒) has no promotion:
# 牛栏山 19.90, 洋河 149.00. Members: 李娜 8800000000039 (normal), 杨磊
# 8800000000060 (normal), 张伟 8800000000017 (gold).
. "$(dirname "$0")/lib.sh"
demo_store

ZHANG=8800000000017
NIULANSHAN='{"sku":"100207"}'
YANGHE='{"sku":"100204"}'

# sell MEMBER LINES COUPONS TENDERS — a sale document on stdin.
doc ()
{
  printf '{"cashier":"1001","member":"%s","lines":[%s],"coupons":[%s],"tenders":[%s]}' \
    "$1" "$2" "$3" "$4" >"$T/doc"
}
sell () { doc "$@"; run sale <"$T/doc"; }
issue_to ()
{
  "$MALLPOSCTL" coupon issue --template "$1" --member "$2" --cashier 9001 --supervisor 9001 --json | jq -r '.coupons[0].code'
}
status_of () { "$MALLPOSCTL" coupon show "$1" --json | jq -r .status; }

section "help and usage"
expect 0 "coupon --help lists the subcommands" coupon --help
mentions "$OUT" "run-benefits" "the list names run-benefits"
for sub in "templates import" issue campaign list show exchange run-benefits void; do
  # shellcheck disable=SC2086
  expect 0 "coupon $sub --help" coupon $sub --help
done
expect_usage "coupon without a subcommand" coupon
expect_usage "coupon issue without a template" coupon issue --member "$LINA" --cashier 9001
expect_usage "coupon issue with both a member and --bearer" coupon issue --template MJ100-10 \
  --member "$LINA" --bearer --cashier 9001

section "templates"
expect 0 "import the loyalty rules" import loyalty-rules "$DEMO/loyalty-rules.json"
before=$(fingerprint)
printf '{"templates":[{"code":"X","name":"x","type":"amount","off":"5.00","valid_days":3,"offf":1}]}' >"$T/bad.json"
expect 4 "a template with an unknown field is refused" coupon templates import "$T/bad.json"
mentions "$ERR" "unknown field “offf”" "the message names the field"
printf '{"templates":[{"code":"X","name":"x","type":"percent","percent_off":"120%%","valid_days":3}]}' >"$T/bad.json"
expect 4 "a percent above 100% is refused" coupon templates import "$T/bad.json"
same "$(fingerprint)" "$before" "refused templates change nothing"
expect 0 "import the demo coupon templates" coupon templates import "$DEMO/coupons.json"
has_line "$OUT" "imported 6 coupon template(s)" "six templates"
expect 0 "templates list --json" coupon templates list --json
same "$(jq -r '.templates | length' "$OUT")" 6 "six templates listed"
same "$(jq -r '[.benefits[] | select(.occasion == "monthly")] | length' "$OUT")" 2 "two monthly benefits"

section "issue by hand"
expect 4 "a manual issue needs who issues it" coupon issue --template MJ100-10 --member "$LINA"
mentions "$ERR" "who issues it" "says so"
expect 3 "an unknown template" coupon issue --template NOPE --member "$LINA" --cashier 9001 --supervisor 9001
coupons_before=$(sql "SELECT count(*) FROM coupons")
expect 9 "coupons by hand need a supervisor" coupon issue --template MJ100-10 --member "$LINA" --cashier 1001 --count 50
mentions "$ERR" "issuing coupons by hand needs a supervisor" "the refusal says what needs whom"
MALLPOS_SUPERVISOR_PIN=100100 expect 9 "a cashier may not approve coupons" coupon issue --template MJ100-10 --bearer --cashier 1001 --supervisor 1001
MALLPOS_SUPERVISOR_PIN=100100 expect 9 "nor a campaign" coupon campaign --template MJ100-10 --campaign X1 --member "$LINA" --cashier 1001 --supervisor 1001
same "$(sql "SELECT count(*) FROM coupons")" "$coupons_before" "a refused issue makes no coupon"
MALLPOS_SUPERVISOR_PIN=200100 expect 0 "a supervisor may" coupon issue --template MJ100-10 --bearer --cashier 1001 --supervisor 2001 --json
same "$(sql "SELECT approved_by FROM audit WHERE action = 'coupon_issue' ORDER BY rowid DESC LIMIT 1")" 2001 "the audit names the supervisor"
CODE=$(issue_to MJ100-10 "$LINA")
same "${#CODE}" 16 "the coupon's code has 16 characters"
expect 0 "coupon list --member" coupon list --member "$LINA"
mentions "$OUT" "$CODE" "the member's list shows the coupon"
mentions "$OUT" "issued" "as issued"
expect 0 "coupon show" coupon show "$CODE" --json
same "$(jq -r .valid_until "$OUT")" "2026-12-22 23:59:59" "valid for 30 days through the end of the day"

section "at the counter"
doc "$LINA" "$YANGHE" "\"$CODE\"" '{"type":"cash","amount":"200.00"}'
expect 0 "quote with the coupon" quote <"$T/doc"
mentions "$OUT" "券 满100减10 [coupon $CODE] -10.00" "the line explains the coupon"
has_line "$OUT" "total    139.00" "149.00 − 10.00"
before=$(fingerprint)
sell "$YANG" "$YANGHE" "\"$CODE\"" '{"type":"cash","amount":"200.00"}'
same "$RC" 6 "another member's coupon is refused (exit 6)"
mentions "$ERR" "belongs to another member" "says whose it is"
sell "$LINA" "$NIULANSHAN" "\"$CODE\"" '{"type":"cash","amount":"20.00"}'
same "$RC" 6 "19.90 does not reach the threshold (exit 6)"
mentions "$ERR" "needs 100.00" "says the threshold"
sell "$LINA" "$YANGHE" '"NOSUCHCOUPON0000"' '{"type":"cash","amount":"200.00"}'
same "$RC" 3 "an unknown code (exit 3)"
same "$(fingerprint)" "$before" "refused sales change nothing"
sell "$LINA" "$YANGHE,$NIULANSHAN" "\"$CODE\"" '{"type":"cash","amount":"200.00"}'
same "$RC" 0 "the sale with the coupon"
mentions "$OUT" "券 满100减10" "the receipt shows the coupon"
has_line "$OUT" "优惠                                -10.00" "10.00 off in all"
same "$(status_of "$CODE")" redeemed "the coupon is used"
SALE=$(receipt_no 1)
same "$(sql "SELECT -sum(amount) FROM line_adjustments WHERE kind = 'coupon' AND source = '$CODE'")" 1000 \
  "its 10.00 is allocated to the lines"
before=$(fingerprint)
sell "$LINA" "$YANGHE" "\"$CODE\"" '{"type":"cash","amount":"200.00"}'
same "$RC" 6 "the same coupon a second time (exit 6)"
mentions "$ERR" "already used on receipt $SALE" "names the receipt it was used on"
same "$(fingerprint)" "$before" "nothing is written"
expect 0 "journal" journal --json
same "$(jq -r "[.. | objects | select(.code? == \"$CODE\" and .kind? == \"redeem\")] | length" "$OUT")" 1 \
  "the sale's journal entry carries the redemption"

section "returns"
expect 0 "return one line (牛栏山)" return "$SALE" --line 2 --cashier 1001
same "$(status_of "$CODE")" redeemed "a partial return keeps the coupon used"
expect 0 "return the rest" return "$SALE" --cashier 1001
same "$(status_of "$CODE")" issued "the full return gives the coupon back"
sell "$LINA" "$YANGHE" "\"$CODE\"" '{"type":"cash","amount":"139.00"}'
same "$RC" 0 "the restored coupon can be used again"

section "other refusals"
LATE=$(issue_to MJ100-10 "$LINA")
doc "$LINA" "$YANGHE" "\"$LATE\"" '{"type":"cash","amount":"200.00"}'
MALLPOS_NOW=2026-12-23T00:00:00+08:00 expect 6 "an expired coupon" sale <"$T/doc"
mentions "$ERR" "expired" "says it expired"
printf '{"templates":[{"code":"S2-ONLY","name":"二店券","type":"amount","off":"5.00","valid_days":3,"stores":["S002"]}]}' >"$T/s2.json"
expect 0 "a template for store S002 only" coupon templates import "$T/s2.json"
ELSEWHERE=$(issue_to S2-ONLY "$LINA")
sell "$LINA" "$YANGHE" "\"$ELSEWHERE\"" '{"type":"cash","amount":"200.00"}'
same "$RC" 6 "a coupon for another store (exit 6)"
mentions "$ERR" "not valid in store S001" "names the store"
expect 0 "a bearer coupon" coupon issue --template MJ100-10 --bearer --cashier 9001 --supervisor 9001 --json
BEARER=$(jq -r '.coupons[0].code' "$OUT")
expect 4 "voiding needs a reason" coupon void "$BEARER"
expect 0 "void the bearer coupon" coupon void "$BEARER" --reason "printed twice" --cashier 9001
printf '{"cashier":"1001","lines":[%s],"coupons":["%s"],"tenders":[{"type":"cash","amount":"200.00"}]}' \
  "$YANGHE" "$BEARER" >"$T/doc"
expect 6 "a voided coupon" sale <"$T/doc"
mentions "$ERR" "was voided" "says it was voided"
expect 3 "show an unknown coupon" coupon show NOSUCHCOUPON0000

section "points exchange: 200 points → 5.00"
expect 0 "give 李娜 500 points" points adjust "$LINA" --points 500 --reason test --supervisor 9001
available=$(points_of "$LINA" available)
expect 0 "exchange 200 points" coupon exchange --member "$LINA" --template PTS-5 --json
PTS=$(jq -r '.coupons[0].code' "$OUT")
same "$(jq -r '.coupons[0].off' "$OUT")" "5.00" "a 5.00 coupon"
same "$(points_of "$LINA" available)" $((available - 200)) "200 points taken"
before=$(fingerprint)
expect 6 "杨磊 has too few points" coupon exchange --member "$YANG" --template PTS-5
mentions "$ERR" "not enough points" "says why"
expect 4 "a template not offered for points" coupon exchange --member "$LINA" --template MJ100-10
same "$(fingerprint)" "$before" "refused exchanges change nothing"
same "$(status_of "$PTS")" issued "the exchanged coupon is ready to use"

section "benefits run"
expect 0 "run-benefits" coupon run-benefits --json
same "$(jq -r .monthly_issued "$OUT")" 6 "gold 2 × 1 + diamond 2 × 2 monthly coupons"
expect 0 "run-benefits again" coupon run-benefits --json
same "$(jq -r .monthly_issued "$OUT")" 0 "a month's benefit is given once"
same "$(sql "SELECT count(*) FROM coupons WHERE source = 'monthly' AND member_id = (SELECT member_id FROM member_cards WHERE card_no = '$ZHANG')")" 1 \
  "张伟 (gold) got one"
MALLPOS_NOW=2026-12-01T09:00:00+08:00 expect 0 "run-benefits in December" coupon run-benefits --json
same "$(jq -r .monthly_issued "$OUT")" 6 "December's coupons"

section "campaign and top-up tier"
expect 0 "a campaign to two members" coupon campaign --template MONTHLY-10 --campaign D12 \
  --member "$LINA" --member "$YANG" --cashier mkt --supervisor 9001 --json
same "$(jq -r '.coupons | length' "$OUT")" 2 "two coupons"
expect 0 "the campaign again" coupon campaign --template MONTHLY-10 --campaign D12 \
  --member "$LINA" --cashier mkt --supervisor 9001 --json
same "$(jq -r '.coupons | length' "$OUT")" 0 "nobody gets it twice"
sed 's/{"top_up": "500.00", "bonus": "50.00"}/{"top_up": "500.00", "bonus": "50.00", "coupon": "MJ100-10"}/' \
  "$DEMO/loyalty-rules.json" >"$T/rules.json"
expect 0 "rules whose 充500 tier adds a coupon" import loyalty-rules "$T/rules.json"
held=$(sql "SELECT count(*) FROM coupons WHERE source = 'top_up'")
expect 0 "top up 500.00" stored-value top-up "$YANG" --amount 500.00 --cashier 1001
same "$(sql "SELECT count(*) FROM coupons WHERE source = 'top_up'")" $((held + 1)) "the tier's coupon came with it"

finish
