#!/bin/bash
# points-proof.sh — paying with points needs the member's proof above the
# store's no-proof limits (issue 15): knowing a member's card number let
# anyone pay with their points. The limits are loyalty rules a manager sets
# (points.burn.no_proof_max per sale, no_proof_daily_cap per member and
# business day; omitted: 0, every points payment needs proof), journaled as
# every rules import is. The proof is the stored-value one — payment PIN,
# member code, card on the chip reader — given once for the sale. No
# refusal before the proof names the points balance.
. "$(dirname "$0")/lib.sh"

MEMBER=$YANG
# 100205 (¥ > 60): points pay at most half of it, the rest is cash.
doc ()
{
  printf '{"cashier":"1001","member":"%s","lines":[{"sku":"100205"}],"tenders":[%s,{"type":"cash","amount":"%s"}]}' \
    "$MEMBER" "$1" "$(awk -v d="$TOTAL" -v p="$2" 'BEGIN { printf "%.2f", d - p / 100 }')" >"$T/doc"
}
pay () { doc "$1" "$2"; run sale <"$T/doc"; }

demo_store
jq 'del(.points.burn.no_proof_max) | del(.points.burn.no_proof_daily_cap)' "$DEMO/loyalty-rules.json" >"$T/rules-default.json"
expect 0 "loyalty rules without the points limits (the default: always proof)" \
  import loyalty-rules "$T/rules-default.json"
expect 0 "the member gets 8000 points" points adjust "$MEMBER" --points 8000 --reason 开业礼 --supervisor 9001
TOTAL=$(printf '{"cashier":"1001","member":"%s","lines":[{"sku":"100205"}]}' "$MEMBER" | "$MALLPOSCTL" quote --json | jq -r .total)

section "the exploit: points paid by card number alone"
before=$(fingerprint)
pay '{"type":"points","points":100}' 100
same "$RC" 4 "100 points without proof are refused by default (exit 4)"
mentions "$ERR" "paying with points needs the member's proof: their payment PIN, the member code" "it says the proof is needed"
mentions "$ERR" "they have no PIN yet" "and that the member has no PIN yet"
lacks "$ERR" "8000" "it does not tell the points balance"
same "$(fingerprint)" "$before" "nothing was sold, no points moved"

section "the store sets its limits (a manager, journaled)"
jq '.points.burn.no_proof_max = 1000 | .points.burn.no_proof_daily_cap = 1500' "$DEMO/loyalty-rules.json" >"$T/rules.json"
( unset MALLPOS_MANAGER; run import loyalty-rules "$T/rules.json"; echo "$RC" >"$T/rc" )
same "$(cat "$T/rc")" 9 "without a manager the rules are not changed (exit 9)"
mentions "$ERR" "manager" "it says a manager must approve"
expect 0 "1000 points a sale and 1500 a day without proof" import loyalty-rules "$T/rules.json"
same "$(sql "SELECT json_extract (payload, '\$.points.burn.no_proof_max') FROM journal WHERE kind = 'loyalty_rules' ORDER BY seq DESC LIMIT 1")" 1000 \
  "the journal carries the new limit"

section "within the limits no proof is asked; past them it is"
pay '{"type":"points","points":1000}' 1000
same "$RC" 0 "1000 points without proof are paid"
pay '{"type":"points","points":1100}' 1100
same "$RC" 4 "1100 in one sale are refused (exit 4)"
mentions "$ERR" "paying 1100 points needs the member's proof" "it says why"
pay '{"type":"points","points":600}' 600
same "$RC" 4 "600 more would pass 1500 today: refused (exit 4)"
mentions "$ERR" "a sale may pay 1000 points and a member 1500 a day, of which 500 are left today" \
  "it says what is left of the day's limit"
lacks "$ERR" "7000" "and not the balance"
pay '{"type":"points","points":500}' 500
same "$RC" 0 "the 500 left today are paid"

section "the member's proof pays past the limits"
printf '246810\n' >"$T/pin"
expect 0 "the member sets a PIN (a supervisor checked their ID)" stored-value set-pin "$MEMBER" --supervisor 9001 <"$T/pin"
pay '{"type":"points","points":3000,"pin":"246810"}' 3000
same "$RC" 0 "3000 points with the PIN are paid"
same "$(sql "SELECT count(*) FROM sales s, json_each (s.tenders) t WHERE t.value ->> 1 = 'points' AND t.value ->> 4 = 'payment_pin'")" 1 \
  "the tender says the PIN proved it"
QR=$("$MALLPOSCTL" member qr "$(sql "SELECT member_id FROM member_cards WHERE card_no = '$MEMBER'")")
pay "{\"type\":\"points\",\"points\":1000,\"qr\":\"$QR\"}" 1000
same "$RC" 0 "the member code on their phone pays too"
pay '{"type":"points","points":9000,"pin":"246810"}' 9000
same "$RC" 6 "too many points with the PIN are refused (exit 6)"
mentions "$ERR" "2500 usable" "with the proof the balance is told"

section "one proof covers the sale: the card read once for points and stored value"
expect 0 "top up 100.00" stored-value top-up "$MEMBER" --amount 100.00 --cashier 1001
CARD=$("$MALLPOSCTL" wait-card --proof --json <<<"chip $MEMBER" | jq -r .presence)
pay "{\"type\":\"points\",\"points\":2000,\"card\":\"$CARD\"},{\"type\":\"stored_value\",\"amount\":\"10.00\",\"card\":\"$CARD\"}" 3000
same "$RC" 0 "2000 points and 10.00 stored value with one card read are paid"
same "$(sql "SELECT count(*) FROM card_presence_used")" 1 "the read was used once"
pay "{\"type\":\"points\",\"points\":100,\"card\":\"$CARD\"}" 100
same "$RC" 4 "the same read cannot pay another sale (exit 4)"

section "a points exchange (积分兑换) is held to the same limits"
printf '{"items":[{"code":"BAG01","kind":"gift","name":"购物袋","points":100,"stock":5}]}' >"$T/gifts.json"
expect 0 "a gift for 100 points" exchange items import "$T/gifts.json"
before=$(fingerprint)
expect 4 "today's 1500 without proof are spent: an exchange without proof is refused" \
  exchange --member "$MEMBER" BAG01 --cashier 1001
mentions "$ERR" "needs the member's proof" "it says the proof is needed"
lacks "$ERR" "usable" "and not the balance"
same "$(fingerprint)" "$before" "nothing was exchanged"
MALLPOS_MEMBER_PIN=246810 expect 0 "with the member's PIN it is made" \
  exchange --member "$MEMBER" BAG01 --cashier 1001 --member-pin
same "$(sql "SELECT proven_by FROM points_exchange_proofs")" payment_pin "what proved it is kept"
same "$(sql "SELECT payload ->> '\$.proven_by' FROM journal WHERE kind = 'points_exchange' ORDER BY seq DESC LIMIT 1")" payment_pin \
  "and journaled"

section "a locked PIN blocks points too"
for try in 1 2 3 4 5; do
  pay '{"type":"points","points":100,"pin":"000000"}' 100
done
same "$RC" 6 "the fifth wrong PIN locks it (exit 6)"
pay '{"type":"points","points":100}' 100
mentions "$ERR" "no points payment until a supervisor unlocks it" "even 100 points are refused while locked"
expect 0 "the store checks out" check

finish
