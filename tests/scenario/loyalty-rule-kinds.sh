#!/bin/bash
# loyalty-rule-kinds.sh — the rule kinds stores asked for (issue 12) through
# mallposctl: a repeating top-up bonus (每满500送50) instead of tiers; a
# referral bonus at registration as well as at the first purchase; expiry
# at a fixed date (every 31 December for points earned the year before);
# points for reviews and sign-ins as adjustments with a reason code, capped
# per member per business day (cut-off 04:00). Each section imports the
# demo rules with the rule changed.
. "$(dirname "$0")/lib.sh"
demo_store
expect 0 "returns, top-ups and exchanges name cashier 1001" init --default-cashier 1001

YANGHE='{"sku":"100204"}'
sv_of () { "$MALLPOSCTL" stored-value balance "$1" --json | jq -r ".$2"; }
# rules JQ — import the demo rules changed by a jq filter.
rules ()
{
  jq "$1" "$DEMO/loyalty-rules.json" >"$T/rules.json"
  expect 0 "rules: $1" import loyalty-rules "$T/rules.json"
}

section "每满500送50: a bonus per whole 500.00, not the highest tier"
jq '.stored_value.every = {"top_up": "500.00", "bonus": "50.00"}' "$DEMO/loyalty-rules.json" >"$T/rules.json"
expect 4 "tiers and every together are refused" import loyalty-rules "$T/rules.json"
mentions "$ERR" "either “tiers” (the highest reached) or “every”" "the message says to choose"
rules 'del(.stored_value.tiers) | .stored_value.every = {"top_up": "500.00", "bonus": "50.00"}'
expect 0 "top up 1,500.00" stored-value top-up "$LINA" --amount 1500.00 --json
same "$(jq -r '.bonus' "$OUT")" "150.00" "1,500 → 150 bonus (three times 50)"
same "$(jq -r '.tier' "$OUT")" "每满500.00送50.00" "the top-up records the rule"
expect 0 "top up 499.00" stored-value top-up "$LINA" --amount 499.00 --json
same "$(jq -r '.bonus' "$OUT")" "0.00" "below one step: no bonus"
same "$(sv_of $LINA principal) $(sv_of $LINA bonus)" "1999.00 150.00" "principal and bonus apart"

section "referral bonus at registration as well as at the first purchase"
rules '.points.referral_registration_bonus = 50'
expect 0 "a member referred by 杨磊 registers" member register --phone 13700007777 --name 陈静 --referrer "$YANG" --json
NEW=$(jq -r '.card_no' "$OUT")
same "$(points_of $YANG available)" 50 "杨磊 gets 50 at once"
expect 0 "the same member again? a new registration of another phone" member register --phone 13700007778 --name 陈晨 --json
same "$(points_of $YANG available)" 50 "an unreferred registration gives the referrer nothing"
printf '{"cashier":"1001","member":"%s","lines":[%s],"tenders":[{"type":"cash","amount":"149.00"}]}' "$NEW" "$YANGHE" >"$T/doc"
expect 0 "陈静's first purchase" sale <"$T/doc"
same "$(points_of $YANG pending)" 100 "and 100 more (pending) at the first purchase"
same "$(sql "SELECT group_concat (ref, ' ') FROM points_lots WHERE source = 'referral' ORDER BY id")" \
  "referral_registration:9 referral:9" "two once-only lots, one per occasion"

section "expiry at a fixed date: every 31 December for points earned the year before"
rules '.points.expiry = {"mode": "fixed", "month_day": "12-31", "years_after": 1}'
LIU=8800000000046
expect 0 "刘洋 gets 100 on 23 Nov 2026" points adjust "$LIU" --points 100 --reason 活动 --supervisor 9001
expect 0 "statement" points statement "$LIU" --json
same "$(jq -r '.lots[0].expires_at' "$OUT")" "2028-01-01 00:00:00" "valid through 31 Dec 2027"
same "$(MALLPOS_NOW=2027-12-31T23:59:00+08:00 points_of $LIU usable)" 100 "usable on 31 Dec 2027"
same "$(MALLPOS_NOW=2028-01-01T00:00:00+08:00 points_of $LIU usable)" 0 "not on 1 Jan 2028"
MALLPOS_NOW=2027-01-05T10:00:00+08:00 expect 0 "100 more on 5 Jan 2027" points adjust "$LIU" --points 100 --reason 活动 --supervisor 9001
MALLPOS_NOW=2027-01-05T10:00:00+08:00 expect 0 "statement" points statement "$LIU" --json
same "$(jq -r '.lots[1].expires_at' "$OUT")" "2029-01-01 00:00:00" "earned in 2027: valid through 31 Dec 2028"

section "评价送10分 and 签到送积分: adjustments by reason code, capped per member per day"
rules '.points.activities = [{"code": "review", "name": "评价送分", "points": 10, "daily_cap": 10},
                             {"code": "sign_in", "name": "签到送积分", "points": 5, "daily_cap": 15}]'
before=$(points_of $LINA available)
expect 0 "李娜 reviews a product" points award "$LINA" --code review
mentions "$OUT" "awarded +10 points for review" "says what was given"
same "$(points_of $LINA available)" $((before + 10)) "+10 at once (confirmed)"
same "$(sql "SELECT reason || ' ' || kind FROM points_ledger ORDER BY id DESC LIMIT 1")" "review adjust" \
  "an adjustment with the reason code"
snap=$(fingerprint)
expect 6 "a second review the same day passes the cap (exit 6)" points award "$LINA" --code review
mentions "$ERR" "10 of the 10 points a member may get a day were given today" "says the cap"
MALLPOS_NOW=2026-11-24T03:00:00+08:00 expect 6 "03:00 the next morning is still the same business day" points award "$LINA" --code review
same "$(fingerprint)" "$snap" "refusals change nothing"
MALLPOS_NOW=2026-11-24T04:00:00+08:00 expect 0 "from 04:00 it is a new business day" points award "$LINA" --code review
for n in 1 2 3; do
  expect 0 "sign-in $n" points award "$LINA" --code sign_in
done
expect 6 "a fourth sign-in the same day passes the 15-point cap" points award "$LINA" --code sign_in
expect 4 "an unknown code is refused" points award "$LINA" --code share
mentions "$ERR" "no activity “share”" "says the rules have no such activity"
expect 4 "more than the activity gives is refused" points award "$YANG" --code review --points 20
expect 0 "fewer is allowed" points award "$YANG" --code review --points 4
expect 0 "and counts towards the cap" points award "$YANG" --code review --points 6
expect 6 "the cap is reached" points award "$YANG" --code review --points 1
expect 0 "journal" journal --after 0 --limit 500 --json
same "$(jq -r '[.[] | select(.kind == "points_award")] | length' "$OUT")" 7 \
  "each award has its journal entry"

finish
