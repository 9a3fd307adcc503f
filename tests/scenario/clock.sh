#!/bin/bash
# clock.sh — the business day never runs backwards (src/business-day.h): a
# clock set back across the 04:00 cut-off (10:00 → 03:00) keeps the sale in
# the day already begun, continues its receipt numbers, records the jump in
# the audit and warns the cashier; an absurd clock (9999, 1999, before the
# store was created) and a malformed MALLPOS_NOW are refused, nothing written.
. "$(dirname "$0")/lib.sh"

COLA='{"sku":"100095"}'
sell () { printf '{"cashier":"1001","lines":[%s],"tenders":[{"type":"cash","amount":"10.00"}]}' "$COLA" >"$T/doc"; run sale --json <"$T/doc"; }

section "a store created the evening before, a sale at 10:00"
MALLPOS_NOW=2026-11-22T20:00:00+08:00 demo_store
MALLPOS_NOW=2026-11-22T20:00:00+08:00 expect 0 "returns name cashier 1001" init --default-cashier 1001
MALLPOS_NOW=2026-11-23T10:00:00+08:00 sell
same "$RC" 0 "the 10:00 sale is made"
same "$(sql "SELECT receipt_no FROM sales ORDER BY rowid DESC LIMIT 1")" "$(receipt_no 1)" "its number is the first of $DAY"

section "the clock set back to 03:00, before the cut-off"
MALLPOS_NOW=2026-11-23T03:00:00+08:00 sell
same "$RC" 0 "the sale is made"
same "$(sql "SELECT receipt_no || ' ' || business_day FROM sales ORDER BY rowid DESC LIMIT 1")" \
  "$(receipt_no 2) $DAY" "it stays in business day $DAY and continues its numbers"
same "$(sql "SELECT created_at FROM sales ORDER BY rowid DESC LIMIT 1")" \
  "$(date -d 2026-11-23T03:00:00+08:00 +%s)" "it keeps the clock's real reading as its time"
mentions "$ERR" "warning: the clock went back 7 h 00 min" "the cashier is warned of the jump"
mentions "$ERR" "business day $DAY" "the warning names the business day kept"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'clock_back' AND ref = '$DAY'")" 1 \
  "the jump is in the audit trail"
mentions <(sql "SELECT detail FROM audit WHERE action = 'clock_back'") "2026-11-23 03:00:00" \
  "the audit says what the clock read"

section "five minutes later, still before the cut-off"
MALLPOS_NOW=2026-11-23T03:05:00+08:00 sell
same "$(sql "SELECT receipt_no FROM sales ORDER BY rowid DESC LIMIT 1")" "$(receipt_no 3)" \
  "still business day $DAY"
mentions "$ERR" "which is business day 20261122, but business day $DAY has begun already" \
  "the cashier is still warned"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'clock_back'")" 1 "the jump is audited once"
MALLPOS_NOW=2026-11-23T03:10:00+08:00 expect 0 "a return with the clock still behind" return "$(receipt_no 1)"
mentions "$ERR" "warning: the clock reads 2026-11-23 03:10:00" "the return warns the cashier too"
same "$(sql "SELECT business_day FROM sales WHERE kind = 'return'")" "$DAY" "the return stays in $DAY"

section "the clock right again"
MALLPOS_NOW=2026-11-23T11:00:00+08:00 sell
same "$(sql "SELECT receipt_no FROM sales ORDER BY rowid DESC LIMIT 1")" "$(receipt_no 5)" "numbers go on"
lacks "$ERR" "warning" "no warning once the clock is right"
MALLPOS_NOW=2026-11-24T10:00:00+08:00 sell
same "$(sql "SELECT business_day FROM sales ORDER BY rowid DESC LIMIT 1")" 20261124 "the next day begins as usual"

section "absurd clocks are refused, nothing written"
before=$(fingerprint)
for t in 9999-12-31T23:00:00Z 1999-12-31T23:59:59+08:00 1970-01-01T00:00:00Z; do
  MALLPOS_NOW=$t sell
  same "$RC" 4 "a sale at $t is refused (exit 4)"
  mentions "$ERR" "cannot be right" "$t: says the clock cannot be right"
  lacks "$ERR" "CRITICAL" "$t: no GLib critical"
  lacks "$ERR" "NOT NULL" "$t: no SQL failure"
done
MALLPOS_NOW=2026-11-01T10:00:00+08:00 sell
same "$RC" 4 "a sale before the store was created is refused"
mentions "$ERR" "before this store was created (2026-11-22 20:00:00)" "it says when the store was created"
same "$(fingerprint)" "$before" "nothing was written"

section "a malformed MALLPOS_NOW is an error, not the real clock"
MALLPOS_NOW=2026-11-23 sell
same "$RC" 4 "a date without a time is refused"
mentions "$ERR" "MALLPOS_NOW=2026-11-23 is not an ISO 8601 time with a zone" "it names MALLPOS_NOW"
MALLPOS_NOW=garbage run check
same "$RC" 4 "any command refuses it"
same "$(fingerprint)" "$before" "nothing was written"
finish
