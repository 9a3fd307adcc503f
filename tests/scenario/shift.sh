#!/bin/bash
# shift.sh — the shift on the drawer through `mallposctl shift`: no sale or
# top-up without an open shift (with the words that say what to do), a
# float, paid-in/out and drops with reasons, the demo sale, a cash top-up
# and a return in the drawer's expectation, the count at close (blind
# count, over/short), a manager's acceptance past the store's limit, bad
# input of every kind refused with a clear message and nothing written,
# closing twice, and two processes closing at once: one closes.
. "$(dirname "$0")/lib.sh"
export MALLPOS_TEST_OWN_SHIFT=1 # this script opens and closes its shifts itself
demo_store
"$MALLPOSCTL" init --default-cashier 1001 >/dev/null \
  && "$MALLPOSCTL" import loyalty-rules "$DEMO/loyalty-rules.json" >/dev/null \
  || { echo "Bail out! no default cashier or loyalty rules"; exit 1; }
MEMBER=8800000000017
section "no shift, no sale"
before=$(fingerprint)
expect 6 "a sale without an open shift is refused" sale <"$DEMO/sale.json"
mentions "$ERR" "mallposctl shift open --float 500.00" "… saying how to open one"
expect 6 "a cash top-up without an open shift is refused" \
  stored-value top-up "$MEMBER" --amount 100.00 --tender cash --cashier 1001
mentions "$ERR" "a top-up needs an open shift" "… naming the top-up"
same "$(fingerprint)" "$before" "nothing was written by the refusals"
expect 6 "a pay-in without a shift is refused" shift pay-in 10 --reason 备用
mentions "$ERR" "shift open --float" "… saying how to open one"
expect 6 "status without a shift says there is none" shift status
mentions "$ERR" "no shift is open" "… in those words"

section "bad input when opening"
expect_usage "open without --float" shift open
expect_usage "open with an extra argument" shift open 500 --float 500
expect 4 "a negative float" shift open --float -5.00
mentions "$ERR" "the amount “-5.00”" "… names the amount"
expect 4 "a float that is not a number" shift open --float abc
mentions "$ERR" "“abc”" "… names what was typed"
expect 4 "a float of more than one million yuan" shift open --float 99999999999
mentions "$ERR" "1000000.00" "… says the largest float"
expect 4 "a float with three decimals" shift open --float 1.005
same "$(sql "SELECT count(*) FROM shifts WHERE status = 'open'")" "0" "no shift was opened"

section "open, sell, move cash"
expect 0 "open with a float of 500.00" shift open --float 500.00 --cashier 1001
mentions "$OUT" "备用金 Float" "status shows the float"
expect 6 "a second shift while one is open" shift open --float 100
mentions "$ERR" "close it with mallposctl shift close" "… says to close the open one first"
expect 0 "the demo sale (cash 200.00, change 47.45)" sale <"$DEMO/sale.json"
sale_no=$(receipt_no 1)
expect 0 "a cash top-up of 100.00" stored-value top-up "$MEMBER" --amount 100.00 --tender cash \
  --cashier 1001
expect 0 "a top-up by bank card moves no cash" stored-value top-up "$MEMBER" --amount 50.00 \
  --tender bank_card --reference POS-778 --cashier 1001
expect 0 "pay-in 50.00" shift pay-in 50 --reason 找零备用
expect_usage "pay-out without a reason" shift pay-out 10
expect_usage "pay-out without an amount" shift pay-out --reason 买胶带
expect 4 "pay-out of nothing" shift pay-out 0 --reason 买胶带
expect 4 "a reason with a line break" shift pay-out 1 --reason "$(printf 'a\nb')"
expect 4 "pay-out of more than the drawer holds" shift pay-out 100000 --reason 买胶带
mentions "$ERR" "the drawer should hold" "… says what the drawer holds"
expect 0 "pay-out 12.50" shift pay-out 12.50 --reason 买胶带
expect 0 "safe drop 300.00" shift drop 300 --reason 上缴
expect 0 "return line 4 of the demo sale (62.67 back in cash)" return "$sale_no" --line 4:1 \
  --cashier 1001
expect 0 "status --json" shift status --json
cash=$(jq -c '.cash.by_kind' "$OUT")
same "$(jq -r '.cash.by_kind.float' "$OUT")" "500.00" "float 500.00"
same "$(jq -r '.cash.by_kind.sale' "$OUT")" "200.00" "cash sales 200.00"
same "$(jq -r '.cash.by_kind.change' "$OUT")" "-47.45" "change -47.45"
same "$(jq -r '.cash.by_kind.top_up' "$OUT")" "100.00" "cash top-ups 100.00 (the card one is not cash)"
same "$(jq -r '.cash.by_kind.pay_in' "$OUT")" "50.00" "paid-in 50.00"
same "$(jq -r '.cash.by_kind.pay_out' "$OUT")" "-12.50" "paid-out -12.50"
same "$(jq -r '.cash.by_kind.drop' "$OUT")" "-300.00" "safe drops -300.00"
same "$(jq -r '.cash.by_kind.refund' "$OUT")" "-62.67" "the return's cash refund -62.67"
# 500 + 200 − 47.45 + 100 + 50 − 12.50 − 300 − 62.67 = 427.38
same "$(jq -r '.cash.expected' "$OUT")" "427.38" "expected = float + every movement ($cash)"
expect 0 "status as text" shift status
has_line "$OUT" "  应有 Expected in the drawer        427.38" "text status shows the expectation"

section "bad counts change nothing"
before=$(fingerprint)
expect_usage "close without --count" shift close
expect 4 "a count that is not a number" shift close --count 100=abc
mentions "$ERR" "“abc”" "… names what was typed"
expect 4 "a denomination that does not exist" shift close --count 3=1
mentions "$ERR" "100, 50, 20, 10, 5, 1, 0.5 and 0.1" "… lists the denominations"
expect 4 "a negative count" shift close --count 100=-1
expect 4 "a huge count" shift close --count 100=99999999999999999999
expect 4 "a denomination counted twice" shift close --count 100=1,100=2
same "$(fingerprint)" "$before" "the refused counts wrote nothing; the shift is still open"

section "close within the limit"
# 427.38 = 4×100 + 1×20 + 1×5 + 2×1 + 0.5 + 3×0.1 → 427.80 counted: 0.42 over
expect 0 "close with a count 0.42 over" shift close --count 100=4,20=1,5=1,1=2,0.5=1,0.1=3
has_line "$OUT" "班次 Shift S001-T01-$DAY-H0001 (closed)" "the shift is closed"
mentions "$OUT" "0.42 (长款 over)" "over/short 0.42 over"
expect 6 "closing it again" shift close --count 100=4
mentions "$ERR" "S001-T01-$DAY-H0001, was closed at" "… says which shift was closed and when"
expect 6 "no sale after the close" sale <"$DEMO/sale.json"

section "past the limit: a manager accepts"
expect 0 "open again, float 500.00" shift open --float 500
expect 9 "close 100.00 short (limit 20.00)" shift close --count 100=4
mentions "$OUT" "-100.00 (短款 short)" "the shortage is shown after the count"
mentions "$ERR" "shift accept --manager" "… and how a manager accepts it"
expect 6 "no sale while it waits" sale <"$DEMO/sale.json"
mentions "$ERR" "waits for a manager to accept" "… because the counted shift waits for a manager"
expect 6 "no new shift while it waits" shift open --float 500
expect 9 "accept without --manager is refused as any missing credential" shift accept
mentions "$ERR" "--manager NUMBER" "… says what it needs"
MALLPOS_SUPERVISOR_PIN=$CASHIER_PIN expect 9 "a cashier may not accept" shift accept --manager 1001
expect 0 "the manager accepts" shift accept --manager 9001
mentions "$OUT" "经理确认 Accepted by 9001" "the acceptance names the manager"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'shift_accept' AND approved_by = '9001'")" \
  "1" "the acceptance is audited with the manager"
expect 6 "accepting again" shift accept --manager 9001
expect 0 "the limit can be raised by a manager" staff policy shift_over_short_limit 50000 \
  --manager 9001

section "two processes close at once: one closes"
expect 0 "open, float 200.00" shift open --float 200
for i in 1 2; do
  ("$MALLPOSCTL" shift close --count 100=2 >"$T/close$i.out" 2>"$T/close$i.err"
   echo $? >"$T/close$i.rc") &
done
wait
same "$(sort "$T/close1.rc" "$T/close2.rc" | tr '\n' ' ')" "0 6 " "one close wins, the other exits 6"
same "$(sql "SELECT count(*) FROM journal WHERE kind = 'shift_close'")" "3" \
  "three closes journaled, one of the pair (the other wrote nothing)"
cat "$T/close1.err" "$T/close2.err" >"$ERR"
mentions "$ERR" "was closed at" "the loser is told the shift was closed"

section "list, journal, check"
expect 0 "list" shift list
same "$(grep -c "^S001-T01-$DAY-H" "$OUT")" "3" "three shifts listed"
expect 0 "list --json" shift list --json
same "$(jq -r '.[0].status' "$OUT")" "closed" "the newest first"
expect_usage "list with a bad day" shift list --from 2026-11-23
same "$(sql "SELECT count(*) FROM journal WHERE kind LIKE 'shift_%'")" \
  "$(sql "SELECT count(*) FROM audit WHERE action LIKE 'shift_%'")" \
  "every shift action has its journal entry and audit row"
journal_keeps_secrets
expect 0 "the store checks out" check
expect_usage "an unknown subcommand" shift nonsense
expect 0 "shift --help" shift --help
mentions "$OUT" "pay-out" "the help lists the subcommands"
finish
