#!/bin/bash
# report.sh — the X and Z reports and the analyses through mallposctl. Days
# of random sales (members or not, cash, card, mobile, points, stored
# value), returns, top-ups and points exchanges are made; each day's X and Z
# figures must equal what the store's records and ledgers add up to (sales,
# tenders, stored value, points, cash). The Z report runs once per day
# (twice is refused, and so is a sale into a closed day), reprints with its
# first figures; every analysis runs; bad arguments get clear messages.
# REPORT_SEED=N replays a run.
. "$(dirname "$0")/lib.sh"
demo_store
SEED=${REPORT_SEED:-$(( $(date +%s) % 100000 ))}
RANDOM=$SEED
echo "# seed $SEED (REPORT_SEED=$SEED replays it)"

jq '.stored_value.no_proof_daily_cap = "100000.00"' "$DEMO/loyalty-rules.json" >"$T/rules.json"
"$MALLPOSCTL" import loyalty-rules "$T/rules.json" >/dev/null || { echo "Bail out! rules"; exit 1; }
cat >"$T/items.json" <<'EOF'
{"items":[{"code":"UMB01","kind":"gift","name":"晴雨伞","points":100,"cash":"10.00","stock":1000}]}
EOF
"$MALLPOSCTL" exchange items import "$T/items.json" >/dev/null || { echo "Bail out! items"; exit 1; }
MEMBERS=(13800138000 13912345678 15000001111 18621086666)
CODES=(6982959570664 6984669428723 100001 6960198794607 69176548 100055 100002 100003)
SUP=(--supervisor 9001)

# yuan FEN — "12.50" as the JSON of a report writes money.
yuan () { local f=$1 s=""; [ "$f" -lt 0 ] && { s=-; f=$(( -f )); }; printf '%s%d.%02d' "$s" $((f / 100)) $((f % 100)); }
# fig FILE TABLE LABEL — a figure of a report's JSON.
fig () { jq -r --arg t "$2" --arg l "$3" '.tables[] | select(.id == $t) | .rows[] | select(.cells[0] == $l) | .cells[1] | if type == "object" then .value else . end' "$1"; }
# cell FILE TABLE LABEL COLUMN — a cell of a row of a report's JSON.
cell () { jq -r --arg t "$2" --arg l "$3" --argjson c "$4" '.tables[] | select(.id == $t) | .rows[] | select(.cells[0] == $l) | .cells[$c]' "$1"; }

# One random sale at $MALLPOS_NOW; prints nothing, counts failures.
random_sale ()
{
  local lines="" n=$(( RANDOM % 4 + 1 )) i member tenders
  for ((i = 0; i < n; i++)); do
    lines+="${lines:+,}{\"code\":\"${CODES[RANDOM % ${#CODES[@]}]}\",\"qty\":$(( RANDOM % 3 + 1 ))}"
  done
  member=""
  [ $(( RANDOM % 3 )) -ne 0 ] && member=",\"member\":\"${MEMBERS[RANDOM % ${#MEMBERS[@]}]}\""
  case $(( RANDOM % 5 )) in
    0) tenders='{"type":"bank_card","amount":"1.00","reference":"R'$RANDOM'"},{"type":"cash","amount":"2000.00"}' ;;
    1) tenders='{"type":"mobile","amount":"2.00","code":"134567890123456789"},{"type":"cash","amount":"2000.00"}' ;;
    2) [ -n "$member" ] && tenders='{"type":"stored_value","amount":"3.00"},{"type":"cash","amount":"2000.00"}' \
         || tenders='{"type":"cash","amount":"2000.00"}' ;;
    3) [ -n "$member" ] && tenders='{"type":"points","points":100},{"type":"cash","amount":"2000.00"}' \
         || tenders='{"type":"cash","amount":"2000.00"}' ;;
    *) tenders='{"type":"cash","amount":"2000.00"}' ;;
  esac
  printf '{"cashier":"1001"%s,"lines":[%s],"tenders":[%s]}' "$member" "$lines" "$tenders" >"$T/s.json"
  run sale <"$T/s.json"
  # a points or stored-value tender the member cannot cover: the same goods in cash
  if [ "$RC" -ne 0 ]; then
    echo "# paid in cash instead: $(head -n 1 "$ERR")"
    printf '{"cashier":"1001"%s,"lines":[%s],"tenders":[{"type":"cash","amount":"2000.00"}]}' \
      "$member" "$lines" >"$T/s.json"
    run sale <"$T/s.json"
    [ "$RC" -eq 0 ] || { fail "a random sale (seed $SEED)"; show_output; }
  fi
}

# check_day FILE DAY — the report's figures against the store's records of DAY.
check_day ()
{
  local f=$1 d=$2 w="business_day = '$2' AND status = 'completed'" type
  same "$(fig "$f" sales 净销售额)" "$(yuan "$(sql "SELECT coalesce(sum(total),0) FROM sales WHERE $w")")" \
    "$d: net sales = the sum of the day's sales and returns"
  same "$(fig "$f" sales 销售笔数)" "$(sql "SELECT count(*) FROM sales WHERE $w AND kind = 'sale'")" \
    "$d: number of sales"
  same "$(fig "$f" sales 税额)" "$(yuan "$(sql "SELECT coalesce(sum(tax_total),0) FROM sales WHERE $w")")" \
    "$d: tax = the records' tax"
  same "$(cell "$f" tenders 合计 3)" "$(fig "$f" sales 净销售额)" "$d: the tenders add up to net sales"
  for type in bank_card mobile stored_value points; do
    local label
    case $type in bank_card) label=银行卡 ;; mobile) label=移动支付 ;; stored_value) label=储值 ;; points) label=积分 ;; esac
    same "$(cell "$f" tenders "$label" 3)" "$(yuan "$(sql "SELECT coalesce(sum(json_extract(t.value, '\$[2]')),0)
      FROM sales s, json_each(s.tenders) t WHERE s.$w AND json_extract(t.value, '\$[1]') = '$type'")")" \
      "$d: $type = the sales' $type tenders"
  done
  same "$(fig "$f" stored_value 储值消费)" "$(yuan "$(sql "SELECT coalesce(-sum(l.principal + l.bonus),0)
      FROM sv_ledger l JOIN sales s ON s.id = l.sale_id WHERE s.$w AND (l.kind = 'spend' OR l.kind = 'refund')")")" \
    "$d: stored value spent = the stored-value ledger's sale movements"
  same "$(fig "$f" points 积分抵现)" "$(sql "SELECT coalesce(-sum(l.available),0) FROM points_ledger l
      JOIN sales s ON s.id = l.sale_id WHERE s.$w AND (l.kind = 'burn' OR l.kind = 'restore')")" \
    "$d: points burned = the points ledger's burns less restores"
  same "$(fig "$f" stored_value 充值本金)" "$(yuan "$(sql "SELECT coalesce(sum(principal),0) FROM sv_top_ups
      WHERE business_day = '$d' AND kind = 'top_up'")")" "$d: top-ups = the top-ups' principal"
  same "$(fig "$f" stored_value 充值赠额)" "$(yuan "$(sql "SELECT coalesce(sum(l.bonus),0) FROM sv_ledger l
      JOIN sv_top_ups u ON u.id = l.top_up_id WHERE u.business_day = '$d' AND l.kind = 'top_up'")")" \
    "$d: bonus issued = the stored-value ledger's top-up bonus"
  same "$(fig "$f" points 积分兑换)" "$(sql "SELECT coalesce(sum(points),0) FROM points_exchanges WHERE business_day = '$d'")" \
    "$d: points exchanged"
  same "$(fig "$f" cash 应有现金)" "$(yuan "$(sql "SELECT
      (SELECT coalesce(sum(json_extract(t.value, '\$[2]')),0) FROM sales s, json_each(s.tenders) t
        WHERE s.$w AND json_extract(t.value, '\$[1]') = 'cash')
      - (SELECT coalesce(sum(change),0) FROM sales WHERE $w)
      + (SELECT coalesce(sum(principal),0) FROM sv_top_ups WHERE business_day = '$d' AND tender_type = 'cash')
      + (SELECT coalesce(sum(cash),0) FROM points_exchanges WHERE business_day = '$d' AND tender_type = 'cash')")")" \
    "$d: cash expected = every cash movement of the day"
}

section "the demo sale: the X report's text"
MALLPOS_NOW=2026-11-23T10:00:00+08:00 expect 0 "sell the demo sale" sale <"$DEMO/sale.json"
expect 9 "an X report needs a supervisor" report x
mentions "$ERR" "reading the reports needs" "says which permission, in words"
expect 0 "X report" report x "${SUP[@]}"
has_line "$OUT" "营业日: 2026-11-23" "names the business day"
has_line "$OUT" "      *** 练习模式 非营业数据 ***" "a training store's report says so"
has_line "$OUT" "净销售额                     152.55" "net sales, the figure tables as wide as the widest table"
has_line "$OUT" "现金       152.55     0.00   152.55" "cash kept, CJK columns aligned as on the receipt"
expect 0 "X report on 58 mm paper" report x "${SUP[@]}" --width 32
has_line "$OUT" "净销售额                  152.55" "a figure spans the 32 columns"
expect 0 "X report as CSV" report x "${SUP[@]}" --csv
has_line "$OUT" $'tenders,现金,152.55,0.00,152.55\r' "CSV: a tender row, CRLF"
same "$(awk -F, '{print NF}' "$OUT" | sort -u)" "5" "CSV: every record as wide as the widest table"
same "$(head -c 3 "$OUT" | od -An -tx1 | tr -d ' ')" "efbbbf" "CSV for Excel starts with the UTF-8 byte order mark"
expect 0 "X report as plain CSV" report x "${SUP[@]}" --csv-plain
same "$(head -c 7 "$OUT")" "report," "plain CSV: no byte order mark"
has_line "$OUT" $'tenders,现金,152.55,0.00,152.55\r' "plain CSV: the same rows"
same "$(grep -c $'^report,from,2026-11-23 [0-9][0-9]:00,,\r$' "$OUT")" 1 "plain CSV: the period as the store's clock reads it"
expect_usage "--csv with --csv-plain" report x --csv --csv-plain "${SUP[@]}"

# close_shift — counts the drawer empty (the manager accepts the shortage),
# so the day's Z report can run; the next sale opens a new shift.
close_shift ()
{
  run shift close --count 100=0 --manager 9001 --cashier 1001
  [ "$RC" -eq 0 ] || { fail "close the shift"; show_output; }
}
close_shift

days=()
for d in 1 2 3; do
  day=$(printf '2026-11-%02d' $((23 + d)))
  days+=("$day")
  section "day $day: random sales, returns, top-ups, exchanges"
  for h in 09 14 20; do
    export MALLPOS_NOW="${day}T$h:$(printf %02d $((RANDOM % 60))):00+08:00"
    for ((k = 0; k < RANDOM % 2 + 1; k++)); do random_sale; done
  done
  export MALLPOS_NOW="${day}T21:00:00+08:00"
  nos=$(sql "SELECT receipt_no FROM sales WHERE kind = 'sale' AND business_day = '${day//-/}' ORDER BY random() LIMIT 2")
  for no in $nos; do run return "$no" --line 1:1 --cashier 1001; done
  run stored-value top-up "${MEMBERS[RANDOM % 4]}" --amount 500.00 --cashier 1001
  [ "$RC" -eq 0 ] || { fail "top-up"; show_output; }
  run stored-value top-up "${MEMBERS[RANDOM % 4]}" --amount 88.00 --tender bank_card --reference "P$RANDOM" --cashier 1001
  [ "$RC" -eq 0 ] || { fail "top-up by card"; show_output; }
  run points adjust "${MEMBERS[0]}" --points 200 --reason 活动 "${SUP[@]}"
  run exchange --member "${MEMBERS[0]}" UMB01 --cashier 1001
  [ "$RC" -eq 0 ] || { fail "exchange"; show_output; }
  if [ "$d" -eq 3 ]; then # a return without a receipt no supervisor approves before the Z
    printf '{"lines":[{"code":"100001"}]}' >"$T/goods.json"
    MALLPOS_SUPERVISOR_PIN= expect 0 "a return waiting for approval" \
      return --no-receipt --reason 无小票 --cashier 1001 <"$T/goods.json"
    pending=$(sql "SELECT receipt_no FROM sales WHERE status = 'pending_approval'")
  fi
  expect 0 "X report of $day" report x "${SUP[@]}" --json
  cp "$OUT" "$T/x.json"
  check_day "$T/x.json" "${day//-/}"
  expect 6 "no Z report of $day while its shift is open" report z "${SUP[@]}"
  mentions "$ERR" "is still open: close it with its cash count first" "says to close the shift first"
  close_shift
  expect 0 "Z report of $day" report z "${SUP[@]}" --json
  cp "$OUT" "$T/z-$d.json"
  same "$(jq -c '.tables | map(select(.id != "sync" and .id != "cash"))' "$T/z-$d.json")" \
    "$(jq -c '.tables | map(select(.id != "sync" and .id != "cash"))' "$T/x.json")" \
    "the Z report shows the X report's figures"
  same "$(fig "$T/z-$d.json" cash 应有现金)" "$(fig "$T/x.json" cash 应有现金)" "and its cash expected"
  same "$(fig "$T/z-$d.json" cash 长短款)" "-$(fig "$T/x.json" cash 应有现金)" \
    "the count of the closed shift: all of it short"
  same "$(jq -r .number "$T/z-$d.json")" "$d" "numbered $d"
done

section "a Z report closes its day once"
export MALLPOS_NOW=2026-11-26T21:30:00+08:00
run shift open --float 0 --cashier 1001 # the sale below must meet the closed day, not a closed drawer
before=$(fingerprint)
expect 6 "a second Z report of the day" report z "${SUP[@]}"
mentions "$ERR" "already has its Z report (no. 3)" "says which Z report closed it"
mentions "$ERR" "reprint-z 3" "and how to reprint it"
expect 6 "a sale into a closed day" sale <"$DEMO/sale.json"
mentions "$ERR" "is closed (Z report no. 3)" "says the day is closed"
expect 6 "a top-up into a closed day" stored-value top-up "${MEMBERS[1]}" --amount 100.00 --cashier 1001
mentions "$ERR" "a top-up cannot go into it any more" "says a top-up cannot go into the closed day"
mentions "$ERR" "wait for the next business day" "and what to do"
top_up=$(sql "SELECT receipt_no FROM sv_top_ups WHERE kind = 'top_up' AND business_day = '20261126' LIMIT 1")
expect 6 "a top-up refund into a closed day" stored-value refund-top-up "$top_up" "${SUP[@]}" --cashier 1001
mentions "$ERR" "a top-up refund cannot go into it" "says the refund cannot go into the closed day"
expect 6 "a points exchange into a closed day" exchange --member "${MEMBERS[0]}" UMB01 --cashier 1001
mentions "$ERR" "a points exchange cannot go into it" "says the exchange cannot go into the closed day"
same "$(jq -r '[.tables[] | select(.id == "sales") | .rows[] | select(.cells[0] == "待审批退货笔数")][0].cells[1] | if type == "object" then .value else . end' "$T/z-3.json")" \
  "1" "the Z report counts the return waiting for approval"
expect 6 "approving that return after the Z" approve-return "$pending" "${SUP[@]}"
mentions "$ERR" "the approval of a return made in it cannot go into it" "says the approval cannot go into the closed day"
mentions "$ERR" "make the return again in the new business day" "and what to do instead"
same "$(fingerprint)" "$before" "refused, nothing changed"
expect 4 "a Z report of a day not begun" report z "${SUP[@]}" --day 2026-12-30
mentions "$ERR" "has not begun" "says the day has not begun"
expect 4 "a Z report of a bad day" report z "${SUP[@]}" --day 2026-02-30
mentions "$ERR" "write it as 2026-12-07" "says how to write a day"

section "reprint"
expect 0 "reprint Z 1" report reprint-z 1 "${SUP[@]}" --json
same "$(jq -c . "$OUT")" "$(jq -c . "$T/z-1.json")" "the reprint shows the first figures and time"
expect 0 "reprint Z 1 as text" report reprint-z 1 "${SUP[@]}"
has_line "$OUT" "编号: 1" "with its number"
has_line "$OUT" "生成时间: 2026-11-24 21:00:00" "and the time it was first made"
expect 3 "reprint an unknown Z" report reprint-z 99 "${SUP[@]}"
mentions "$ERR" "no Z report no. 99" "says there is none"
expect_usage "reprint Z zero" report reprint-z 0 "${SUP[@]}"
expect_usage "reprint without a number" report reprint-z "${SUP[@]}"

section "analyses of the three days"
from=${days[0]} to=${days[2]}
net=$(yuan "$(sql "SELECT sum(total) FROM sales WHERE status = 'completed' AND business_day BETWEEN '${from//-/}' AND '${to//-/}'")")
for kind in sales-by-hour by-category by-cashier by-tender products members; do
  expect 0 "analysis $kind" report analysis "$kind" --from "$from" --to "$to" "${SUP[@]}" --json
  cp "$OUT" "$T/$kind.json"
  expect 0 "analysis $kind as text" report analysis "$kind" --from "$from" --to "$to" "${SUP[@]}"
  expect 0 "analysis $kind as CSV" report analysis "$kind" --from "$from" --to "$to" "${SUP[@]}" --csv
done
same "$(jq -r '[.tables[0].rows[].cells[2] | tonumber] | add * 100 | round' "$T/sales-by-hour.json")" \
  "$(sql "SELECT sum(total) FROM sales WHERE status = 'completed' AND business_day BETWEEN '${from//-/}' AND '${to//-/}'")" \
  "the hours add up to the period's net sales"
same "$(jq -r '.tables[0].chart' "$T/sales-by-hour.json")" "bars" "sales by hour is drawn as bars"
same "$(cell "$T/by-tender.json" tenders 合计 2)" "$net" "the tenders add up to net sales"
same "$(jq -r '.tables[0].chart' "$T/by-tender.json")" "share" "the tender mix is drawn as shares"
same "$(cell "$T/by-category.json" categories 合计 2)" "$net" "the categories add up to net sales"
same "$(cell "$T/by-cashier.json" cashiers 合计 3)" "$net" "the cashiers add up to net sales"
same "$(cell "$T/members.json" share 合计 2)" "$net" "members and others add up to net sales"
same "$(jq -r '.tables[] | select(.id == "top") | .rows | length > 0' "$T/products.json")" "true" "top sellers listed"
same "$(jq -r '.tables[] | select(.id == "slow") | .rows[0].cells[2]' "$T/products.json")" "0" \
  "the slowest mover in stock sold nothing"
same "$(fig "$T/members.json" activity 活跃会员)" \
  "$(sql "SELECT count(DISTINCT member_id) FROM sales WHERE kind = 'sale' AND member_id IS NOT NULL AND business_day BETWEEN '${from//-/}' AND '${to//-/}'")" \
  "active members = members who bought"
same "$(fig "$T/members.json" liabilities 储值本金)" "$(yuan "$(sql "SELECT sum(sv_principal) FROM members")")" \
  "stored-value principal owed"

section "named periods (as the window's analyses page picks them)"
expect 0 "analysis by-tender --period this-month" report analysis by-tender --period this-month "${SUP[@]}" --json
same "$(jq -r '.from_local[0:10]' "$OUT")" "2026-11-01" "this month starts on the 1st"
mtd=$(yuan "$(sql "SELECT sum(total) FROM sales WHERE status = 'completed' AND business_day BETWEEN '20261101' AND '$(jq -r '.to_local[0:10]' "$OUT" | tr -d -)'")")
same "$(cell "$OUT" tenders 合计 2)" "$mtd" "and adds up the month's net sales so far"
expect 0 "analysis by-tender --period last-month" report analysis by-tender --period last-month "${SUP[@]}" --json
same "$(jq -r '.from_local[0:10] + " " + .to_local[0:10]' "$OUT")" "2026-10-01 2026-11-01" \
  "last month: October whole (to is the first instant after it)"
same "$(cell "$OUT" tenders 合计 2)" "0.00" "nothing was sold in October"
expect 4 "an unknown period" report analysis by-tender --period yesterday "${SUP[@]}"
mentions "$ERR" "today, this-week, this-month, last-month" "lists the periods"
expect_usage "--period with --from" report analysis by-tender --period today --from 2026-11-24 "${SUP[@]}"

section "bad arguments"
expect 4 "an unknown analysis" report analysis by-weather "${SUP[@]}"
mentions "$ERR" "no analysis “by-weather”; the analyses are: sales-by-hour, by-category" "lists the analyses"
expect 4 "--from after --to" report analysis by-tender --from 2026-11-26 --to 2026-11-24 "${SUP[@]}"
mentions "$ERR" "--from 2026-11-26 is after --to 2026-11-24" "says which is after which"
expect 4 "a bad date" report analysis by-tender --from 2026-13-01 "${SUP[@]}"
mentions "$ERR" "--from “2026-13-01” is not a business day" "names the bad date"
expect 4 "a date with a tail" report analysis by-tender --from 2026-11-24x "${SUP[@]}"
expect_usage "no analysis named" report analysis "${SUP[@]}"
expect_usage "--csv with --json" report x --csv --json "${SUP[@]}"
expect_usage "a width no paper has" report x --width 40 "${SUP[@]}"
expect 0 "the store checks out" check

section "check: the drawer's ledger follows the records it names"
cp "$MALLPOS_STORE" "$T/intact.db"
# tamper SQL — changes the drawer's ledger around MallPOS (its triggers dropped); check must say so
tamper ()
{
  cp "$T/intact.db" "$MALLPOS_STORE"
  rm -f "$MALLPOS_STORE-wal" "$MALLPOS_STORE-shm" "$MALLPOS_STORE-damaged"
  sqlite3 "$MALLPOS_STORE" "DROP TRIGGER cash_movements_no_update; DROP TRIGGER cash_movements_no_delete; $1"
}
cash_sale=$(sql "SELECT ref FROM cash_movements WHERE kind = 'sale' LIMIT 1")
tamper "UPDATE cash_movements SET amount = amount - 10000 WHERE kind = 'sale' AND ref = '$cash_sale'"
expect 7 "a sale's cash movement made smaller" check
mentions "$OUT" "$cash_sale took" "names the sale"
mentions "$OUT" "but the drawer's ledger has" "says the ledger disagrees"
top_up=$(sql "SELECT ref FROM cash_movements WHERE kind = 'top_up' LIMIT 1")
tamper "DELETE FROM cash_movements WHERE ref = '$top_up'"
expect 7 "a cash top-up's movement deleted" check
mentions "$OUT" "top-up $top_up moved" "names the top-up"
exchange=$(sql "SELECT ref FROM cash_movements WHERE kind = 'exchange' LIMIT 1")
tamper "UPDATE cash_movements SET amount = 0 WHERE ref = '$exchange'"
expect 7 "an exchange's cash movement zeroed" check
mentions "$OUT" "points exchange $exchange took" "names the exchange"
tamper "INSERT INTO cash_movements (shift_id, kind, amount, ref, actor, at) SELECT shift_id, 'refund', -5000, 'NO-SUCH-RECEIPT', '1001', at FROM cash_movements LIMIT 1"
expect 7 "a refund no return made" check
mentions "$OUT" "(refund of NO-SUCH-RECEIPT, -5000 fen) follows no record" "names the made-up movement"
shift=$(sql "SELECT ref FROM cash_movements WHERE kind = 'float' LIMIT 1")
tamper "UPDATE cash_movements SET amount = amount + 100 WHERE kind = 'float' AND ref = '$shift'"
expect 7 "a float changed" check
mentions "$OUT" "shift $shift opened with a float of" "names the shift's float"
cp "$T/intact.db" "$MALLPOS_STORE"
rm -f "$MALLPOS_STORE-wal" "$MALLPOS_STORE-shm" "$MALLPOS_STORE-damaged"
expect 0 "the untouched copy checks out" check
section "the next business day takes what the closed one refused"
export MALLPOS_NOW=2026-11-27T09:00:00+08:00
expect 0 "a top-up the next business day" stored-value top-up "${MEMBERS[1]}" --amount 100.00 --cashier 1001
same "$(sql "SELECT business_day FROM sv_top_ups ORDER BY created_at DESC LIMIT 1")" "20261127" \
  "booked to the new business day"

finish
