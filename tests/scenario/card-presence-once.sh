#!/bin/bash
# card-presence-once.sh — a member card read on the chip reader proves the
# member once (src/member-card-presence.c, issue 15): the presence token
# `wait-card --proof` prints is good for 120 s, and a token captured in that
# time (seen on a screen, copied from a log) must not pay a second time —
# not in the same process, not in another one, not in six at once.
. "$(dirname "$0")/lib.sh"

MEMBER=$YANG
# 100205 costs more than 20.00: the rest is paid in cash.
sell_with_card ()
{
  printf '{"cashier":"1001","member":"%s","lines":[{"sku":"100205"}],"tenders":[{"type":"stored_value","amount":"20.00","card":"%s"},{"type":"cash","amount":"%s"}]}' \
    "$MEMBER" "$1" "$REST"
}
read_card () { "$MALLPOSCTL" wait-card --proof --json <<<"chip $MEMBER" | jq -r .presence; }

demo_store
demo_loyalty_rules
expect 0 "top up 500.00" stored-value top-up "$MEMBER" --amount 500.00 --cashier 1001
TOTAL=$(printf '{"cashier":"1001","member":"%s","lines":[{"sku":"100205"}]}' "$MEMBER" | "$MALLPOSCTL" quote --json | jq -r .total)
REST=$(awk -v d="$TOTAL" 'BEGIN { printf "%.2f", d - 20.00 }')

section "a card read pays once"
CARD=$(read_card)
sell_with_card "$CARD" >"$T/doc1"
expect 0 "the card read pays 20.00" sale <"$T/doc1"
before=$(fingerprint)
expect 4 "the same read again, seconds later, is refused (exit 4)" sale <"$T/doc1"
mentions "$ERR" "that card read was used already" "it says the read was used"
mentions "$ERR" "puts their card on the card reader again" "it says what to do"
lacks "$ERR" "balance" "it names no balance"
same "$(fingerprint)" "$before" "the refused sale changed nothing"
sell_with_card "$(read_card)" >"$T/doc2"
expect 0 "a new read of the same card pays" sale <"$T/doc2"

section "a read used for another action is used up too"
printf '654321\n' >"$T/pin"
CARD=$(read_card)
expect 0 "the read proves the member for a new payment PIN" \
  stored-value set-pin "$MEMBER" --member-card "$CARD" <"$T/pin"
sell_with_card "$CARD" >"$T/doc3"
expect 4 "the same read cannot then pay (exit 4)" sale <"$T/doc3"

section "six processes given one read: one sale"
CARD=$(read_card)
sell_with_card "$CARD" >"$T/doc4"
sales=$(sql "SELECT count(*) FROM sales")
for i in 1 2 3 4 5 6; do
  ("$MALLPOSCTL" sale <"$T/doc4" >"$T/par$i.out" 2>"$T/par$i.err"; echo $? >"$T/par$i.rc") &
done
wait
same "$(cat "$T"/par?.rc | sort | tr '\n' ' ')" "0 4 4 4 4 4 " "exactly one of six paid, five were refused (exit 4)"
same "$(cat "$T"/par?.err | grep -c 'used already')" 5 "the five say the read was used"
same "$(sql "SELECT count(*) FROM sales")" $((sales + 1)) "one sale was stored"
same "$(sql "SELECT count(*) FROM card_presence_used")" 4 "four reads are recorded as used"

section "used reads are forgotten once they would have expired anyway"
MALLPOS_NOW=2026-11-23T10:10:00+08:00 read_card >"$T/late"
printf '{"cashier":"1001","member":"%s","lines":[{"sku":"100205"}],"tenders":[{"type":"stored_value","amount":"20.00","card":"%s"},{"type":"cash","amount":"%s"}]}' \
  "$MEMBER" "$(cat "$T/late")" "$REST" >"$T/doc5"
MALLPOS_NOW=2026-11-23T10:10:00+08:00 expect 0 "a read ten minutes later pays" sale <"$T/doc5"
same "$(sql "SELECT count(*) FROM card_presence_used")" 1 "only the new read is kept"
expect 0 "the store checks out" check

finish
