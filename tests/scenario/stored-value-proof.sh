#!/bin/bash
# stored-value-proof.sh — spending a member's stored value needs the member's
# proof (the payment PIN, the member code on their phone, or their card read
# on the chip reader — never a typed card number). The exploit of issue 15: a sale naming a member's
# card and paying 146.02 from stored value went through six times in a row
# with no PIN. Now: with the default no-proof cap (0) every such payment is
# refused without naming the balance; a store-set daily cap is cumulative
# over the day's sales; a locked PIN blocks every stored-value payment.
. "$(dirname "$0")/lib.sh"

MEMBER=8800000000060
sell ()
{
  printf '{"cashier":"1001","member":"%s","lines":[{"sku":"100205"}],"tenders":[%s]}' "$MEMBER" "$1" >"$T/doc"
  run sale <"$T/doc"
}
# 100205 costs more than 146.02: the rest is paid in cash.
due () { printf '{"cashier":"1001","member":"%s","lines":[{"sku":"100205"}]}' "$MEMBER" | "$MALLPOSCTL" quote --json | jq -r .total; }

demo_store
jq 'del(.stored_value.no_proof_daily_cap)' "$DEMO/loyalty-rules.json" >"$T/rules-default.json"
expect 0 "loyalty rules without a no-proof cap (the default, 0)" import loyalty-rules "$T/rules-default.json"
expect 0 "top up 1,000.00" stored-value top-up "$MEMBER" --amount 1000.00 --cashier 1001
REST=$(awk -v d="$(due)" 'BEGIN { printf "%.2f", d - 146.02 }')
SV="{\"type\":\"stored_value\",\"amount\":\"146.02\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"

section "the exploit: six times 146.02 by card number alone"
before=$(fingerprint)
for try in 1 2 3 4 5 6; do
  sell "$SV"
  same "$RC" 4 "try $try without the PIN is refused (exit 4)"
done
mentions "$ERR" "needs the member's proof: their payment PIN" "it says the member's proof is needed"
lacks "$ERR" "1000.00" "it does not tell the balance"
same "$(fingerprint)" "$before" "nothing was sold, nothing moved"

section "with the PIN it pays"
printf '123456\n' >"$T/pin"
expect 0 "the member sets a PIN (a supervisor checked their ID)" stored-value set-pin "$MEMBER" --supervisor 9001 <"$T/pin"
sell "{\"type\":\"stored_value\",\"amount\":\"146.02\",\"pin\":\"123456\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"
same "$RC" 0 "146.02 with the PIN is paid"
sell "{\"type\":\"stored_value\",\"amount\":\"5000.00\",\"pin\":\"123456\"}"
mentions "$ERR" "not enough stored value" "too much with the PIN is refused"

section "the member code on their phone pays instead of the PIN"
ID=$(sql "SELECT member_id FROM member_cards WHERE card_no = '$MEMBER'")
OTHER=$(sql "SELECT min(id) FROM members WHERE id <> $ID")
QR=$("$MALLPOSCTL" member qr "$ID")
sell "{\"type\":\"stored_value\",\"amount\":\"146.02\",\"qr\":\"$QR\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"
same "$RC" 0 "146.02 with the member's own current code is paid"
same "$(sql "SELECT count(*) FROM sales s, json_each (s.tenders) t WHERE json_extract (t.value, '\$[4]') = 'member_qr'")" 1 \
  "the tender says the member code proved it"
before=$(fingerprint)
sell "{\"type\":\"stored_value\",\"amount\":\"146.02\",\"qr\":\"$("$MALLPOSCTL" member qr "$OTHER")\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"
same "$RC" 4 "another member's code is refused (exit 4)"
mentions "$ERR" "another member's" "it says whose code it is not"
FORGED=${QR%?}$([ "${QR: -1}" = 0 ] && echo 1 || echo 0)
sell "{\"type\":\"stored_value\",\"amount\":\"146.02\",\"qr\":\"$FORGED\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"
[ "$RC" != 0 ] && pass "a forged code is refused" || fail "a forged code paid"
same "$(fingerprint)" "$before" "refused codes sell nothing"

section "the member's card read on the chip reader pays instead of the PIN"
# The built-in virtual reader on stdin: "chip NUMBER" is a chip read (as a
# PC/SC reader gives), a bare number is a number typed or swiped.
expect 0 "wait-card --proof seals a chip read" wait-card --proof --json <<<"chip $MEMBER"
CARD=$(jq -r .presence "$OUT")
same "$(jq -r '.chip, .card_no_masked' "$OUT" | tr '\n' ' ')" "true 8800*****0060 " "it says chip, the number masked"
lacks "$OUT" "$MEMBER" "the full card number is not printed"
sell "{\"type\":\"stored_value\",\"amount\":\"146.02\",\"card\":\"$CARD\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"
same "$RC" 0 "146.02 with the member's card on the reader is paid"
same "$(sql "SELECT count(*) FROM sales s, json_each (s.tenders) t WHERE json_extract (t.value, '\$[4]') = 'member_card'")" 1 \
  "the tender says the card proved it"
expect 9 "a number typed into the reader is no proof (exit 9)" wait-card --proof <<<"$MEMBER"
mentions "$ERR" "swiped or typed, which proves nothing" "it says to use the chip reader"
before=$(fingerprint)
for typed in "$MEMBER" "card:$MEMBER" "CP2.$ID.$(date +%s).0000000000000000.00000000000000000000000000000000" "${CARD%?}x"; do
  sell "{\"type\":\"stored_value\",\"amount\":\"146.02\",\"card\":\"$typed\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"
  same "$RC" 4 "a typed or forged card proof is refused (exit 4): ${typed:0:24}…"
done
mentions "$ERR" "the member puts their card on the card reader" "it says what to do"
lacks "$ERR" "balance" "and not the balance"
OTHERCARD=$(sql "SELECT card_no FROM member_cards WHERE member_id = $OTHER AND status = 'active' LIMIT 1")
"$MALLPOSCTL" wait-card --proof --json <<<"chip $OTHERCARD" >"$T/other.json"
sell "{\"type\":\"stored_value\",\"amount\":\"146.02\",\"card\":\"$(jq -r .presence "$T/other.json")\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"
same "$RC" 4 "another member's card read is refused (exit 4)"
"$MALLPOSCTL" wait-card --proof --json <<<"chip $MEMBER" >"$T/fresh.json"
MALLPOS_NOW=2026-11-23T10:02:01+08:00 sell \
  "{\"type\":\"stored_value\",\"amount\":\"146.02\",\"card\":\"$(jq -r .presence "$T/fresh.json")\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"
same "$RC" 4 "a card read (not used yet) older than 120 s is refused (exit 4)"
same "$(fingerprint)" "$before" "refused card proofs sell nothing"

section "a store-set daily cap is cumulative"
jq '.stored_value.no_proof_daily_cap = "300.00" | .stored_value.pin_required_above = "200.00"' \
  "$DEMO/loyalty-rules.json" >"$T/rules-cap.json"
expect 0 "rules with a 300.00 no-proof cap a day" import loyalty-rules "$T/rules-cap.json"
sell "$SV"
same "$RC" 0 "146.02 without the PIN, first today"
sell "$SV"
same "$RC" 0 "146.02 again (292.04 today)"
sell "$SV"
same "$RC" 4 "a third would pass 300.00 today: refused (exit 4)"
mentions "$ERR" "without it a member may spend 300.00 a day, and 7.96 of it is left today" \
  "it says what is left of the cap"
lacks "$ERR" "balance" "and still not the balance"

section "a locked PIN blocks every stored-value payment"
for try in 1 2 3 4 5; do
  sell "{\"type\":\"stored_value\",\"amount\":\"146.02\",\"pin\":\"000000\"},{\"type\":\"cash\",\"amount\":\"$REST\"}"
done
same "$RC" 6 "the fifth wrong PIN locks it (exit 6)"
sell '{"type":"stored_value","amount":"1.00"},{"type":"cash","amount":"500.00"}'
same "$RC" 6 "even 1.00 within the cap is refused while locked (exit 6)"
mentions "$ERR" "no stored-value payment until a supervisor unlocks it" "it says why"

finish
