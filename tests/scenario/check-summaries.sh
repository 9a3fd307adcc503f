#!/bin/bash
# check-summaries.sh — `mallposctl check` verifies what the manager analyses
# read in place of the sales (issue 14): a month's packed summaries
# (sales_summary_packs) whose stamp holds must equal that month's rows, and
# member_level_totals must equal the sums over the members. Damaged with
# sqlite3, check names the month and dimension, or the level; a pack gone
# stale (its month changed since) is a cache nobody reads and no problem.
. "$(dirname "$0")/lib.sh"
export MALLPOS_NOW=2026-10-15T10:00:00+08:00
demo_store
SUP=(--supervisor 9001)

section "October sold, packed by a November analysis"
sell_to 8800000000017 '{"code":"6982959570664","qty":2}' '{"type":"cash","amount":"100.00"}'
sell_to "" '{"code":"6982959570664","qty":1}' '{"type":"cash","amount":"50.00"}'
export MALLPOS_NOW=2026-11-20T10:00:00+08:00
expect 0 "members analysis, last month" report analysis members --period last-month "${SUP[@]}" --json
same "$(sql "SELECT count(*) > 0 FROM sales_summary_packs WHERE month = '202610' AND dimension = 'member'")" \
  "1" "October is packed"
expect 0 "check: a healthy store passes" check

section "a damaged pack"
sql "SAVEPOINT s; UPDATE sales_summary_packs SET packed = x'01' WHERE month = '202610' AND dimension = 'member'; RELEASE s"
expect 7 "check finds a pack that differs from its rows" check
cat "$OUT" "$ERR" >"$T/both"
mentions "$T/both" "month 202610, dimension member, differ from that month's summary rows" \
  "names the month and the dimension"
sql "UPDATE sales_summary_packs SET packed = x'0107' WHERE month = '202610' AND dimension = 'member'"
expect 7 "check finds a pack that cannot be read" check
cat "$OUT" "$ERR" >"$T/both"
mentions "$T/both" "month 202610, dimension member, cannot be read" "says it cannot be read, and which"
sql "DELETE FROM sales_summary_packs WHERE month = '202610' AND dimension = 'member'"
expect 0 "check: without the pack the rows answer, nothing wrong" check
expect 0 "the analysis packs October again" report analysis members --period last-month "${SUP[@]}" --json
expect 0 "check passes again" check

section "a damaged to-date pack (every member's figures through a month)"
same "$(sql "SELECT count(*) FROM sales_summary_packs WHERE month = '202610' AND dimension = 'member:to-date'")" \
  "1" "October's members are packed to date too"
sql "UPDATE sales_summary_packs SET packed = (SELECT packed FROM sales_summary_packs WHERE month = '202610' AND dimension = 'hour') WHERE month = '202610' AND dimension = 'member:to-date'"
expect 7 "check finds a to-date pack that differs from the rows through its month" check
cat "$OUT" "$ERR" >"$T/both"
mentions "$T/both" "month 202610, dimension member:to-date, differ from the summary rows through that month" \
  "names the month and the to-date pack"
sql "DELETE FROM sales_summary_packs WHERE month = '202610' AND dimension = 'member:to-date'"
expect 0 "the analysis packs October to date again" report analysis members --period last-month "${SUP[@]}" --json
expect 0 "check passes again" check

section "a stale pack is no problem"
sql "UPDATE sales_summary_packs SET packed = x'01', stamp = stamp + 1 WHERE month = '202610' AND dimension = 'product'"
expect 0 "check: a pack whose stamp no longer holds is not read, so not checked" check

section "member level totals"
sql "UPDATE member_level_totals SET points = points + 5 WHERE level_code = 'normal'"
expect 7 "check finds a level total that differs from its members" check
cat "$OUT" "$ERR" >"$T/both"
mentions "$T/both" "member level normal: the kept totals say" "names the level"
sql "UPDATE member_level_totals SET points = points - 5 WHERE level_code = 'normal'"
sql "DELETE FROM member_level_totals WHERE level_code = 'gold'"
expect 7 "check finds a level whose totals row is gone" check
cat "$OUT" "$ERR" >"$T/both"
mentions "$T/both" "member level gold: the kept totals say 0 members" "names the level that lost its row"
sql "INSERT INTO member_level_totals SELECT level_code, count(*), sum(points_available + points_pending), sum(sv_principal), sum(sv_bonus) FROM members WHERE level_code = 'gold' GROUP BY level_code"

finish
