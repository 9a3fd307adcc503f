#!/bin/bash
# return-reject.sh — a return made without a receipt that waits for a
# supervisor gets a no as well as a yes: `reject-return` (issue 14) needs a
# supervisor's credential (exit 9 without, with a wrong PIN, with a
# cashier's), a reason, refunds nothing, moves no stock, is audited with
# the approver and journaled; the X report stops counting it as waiting and
# it cannot be approved after. A return still waiting when the Z report
# closes its day is counted with a note saying it can only be rejected now,
# and the rejection goes through after the Z (no money moves). A rejected
# return's receipt and its reprints, in every language, show the lines for
# reference and a refund of 0.00: no figure due to the customer, no change.
. "$(dirname "$0")/lib.sh"
demo_store
SUP=(--supervisor 9001)
export MALLPOS_NOW=2026-11-23T10:00:00+08:00

cat >"$T/goods.json" <<'JSON'
{"cashier": "1001", "lines": [{"code": "6982959570664", "qty": 2}]}
JSON
stock0=$(stock_of 6982959570664)
# pending_return — makes a return without a receipt; prints its number
pending_return ()
{
  "$MALLPOSCTL" return --no-receipt --cashier 1001 --reason "无小票" <"$T/goods.json" 2>/dev/null \
    | sed -n 's/^流水号: //p'
}
# refund_shows_nothing WORD_REFUND WORD_CHANGE LANG — the receipt in $OUT
# refunds 0.00 and shows neither the return's amount nor a change line.
refund_shows_nothing ()
{
  same "$(sed -n "s/^$1 *//p" "$OUT")" "0.00" "$3: the rejected return's $1 is 0.00"
  lacks "$OUT" "6.30" "$3: no amount due to the customer"
  lacks "$OUT" "$2" "$3: no change line"
}
# fig FILE TABLE LABEL — a figure of a report's JSON.
fig () { jq -r --arg t "$2" --arg l "$3" '.tables[] | select(.id == $t) | .rows[] | select(.cells[0] == $l) | .cells[1] | if type == "object" then .value else . end' "$1"; }

section "a return waits for approval"
pending=$(pending_return)
[ -n "$pending" ] || { echo "Bail out! no pending return"; exit 1; }
expect 0 "X report" report x "${SUP[@]}" --json
same "$(fig "$OUT" sales 待审批退货笔数)" "1" "the X report counts it as waiting"
mentions "$OUT" "审批或驳回" "and says it can be approved or rejected"
mentions "$OUT" "F10，再按 F2" "at the till's returns page (F10, then F2)"
lacks "$OUT" "mallposctl" "in a manager's words, not a command"

section "who may reject"
before=$(sql "SELECT count(*) FROM return_rejections")
env -u MALLPOS_SUPERVISOR_PIN "$MALLPOSCTL" reject-return "$pending" --reason "包装已拆" >"$OUT" 2>"$ERR"
same "$?" 9 "without --supervisor: exit 9"
mentions "$ERR" "--supervisor" "the message asks for --supervisor"
MALLPOS_SUPERVISOR_PIN=999999 "$MALLPOSCTL" reject-return "$pending" --reason "包装已拆" "${SUP[@]}" >"$OUT" 2>"$ERR"
same "$?" 9 "with a wrong PIN: exit 9"
MALLPOS_SUPERVISOR_PIN=100100 "$MALLPOSCTL" reject-return "$pending" --reason "包装已拆" --supervisor 1001 >"$OUT" 2>"$ERR"
same "$?" 9 "with a cashier's credential: exit 9"
mentions "$ERR" "a return without a receipt" "names the permission it lacks, in words"
same "$(sql "SELECT count(*) FROM return_rejections")" "$before" "none of them rejected it"
expect_usage "reject-return without --reason" reject-return "$pending" "${SUP[@]}"
expect 4 "reject-return with a blank reason" reject-return "$pending" --reason "  " "${SUP[@]}"
mentions "$ERR" "say why" "asks for the reason"
expect_usage "reject-return without a receipt number" reject-return --reason x "${SUP[@]}"
expect 3 "reject an unknown receipt" reject-return "$(receipt_no 77)" --reason x "${SUP[@]}"

section "rejected"
cash0=$(sql "SELECT count(*) FROM cash_movements")
expect 0 "reject-return --supervisor 9001" reject-return "$pending" --reason "包装已拆" "${SUP[@]}"
mentions "$OUT" "已驳回" "says it is rejected"
same "$(sql "SELECT rejected_by || ' ' || reason FROM return_rejections")" "9001 包装已拆" \
  "the rejection is kept with its supervisor and reason"
same "$(sql "SELECT actor || ' ' || approved_by || ' ' || ref FROM audit WHERE action = 'return_rejected'")" \
  "1001 9001 $pending" "audited: the cashier's return, rejected by 9001"
same "$(sql "SELECT count(*) FROM journal WHERE kind = 'return_rejected' AND json_extract(payload, '\$.receipt_no') = '$pending'")" \
  "1" "journaled for the centre"
same "$(sql "SELECT count(*) FROM cash_movements")" "$cash0" "no cash moved"
same "$(stock_of 6982959570664)" "$stock0" "no stock came back"
expect 0 "receipt --json of the rejected return" receipt "$pending" --json
same "$(jq -r '.tenders | length' "$OUT")" "0" "nothing refunded"
expect 0 "reprint the rejected return" receipt "$pending"
mentions "$OUT" "退货已驳回 不予退款" "its receipt says it was rejected"
mentions "$OUT" "驳回人 9001：包装已拆" "by whom, and why"
lacks "$OUT" "待审批" "and no longer that it waits for approval"
mentions "$OUT" "可口可乐 500ml" "the lines returned, for reference"
refund_shows_nothing 应退 找零 zh_CN
for lang in zh_TW en; do
  expect 0 "receipt language $lang" receipt-settings language "$lang"
  expect 0 "reprint the rejected return in $lang" receipt "$pending"
  case $lang in
    zh_TW) mentions "$OUT" "退貨已駁回 不予退款" "in zh_TW it says rejected"
           mentions "$OUT" "駁回人 9001：包装已拆" "with who and why"
           refund_shows_nothing 應退 找零 zh_TW ;;
    en) mentions "$OUT" "RETURN REJECTED - NO REFUND" "in English it says rejected"
        mentions "$OUT" "Rejected by 9001: 包装已拆" "with who and why"
        lacks "$OUT" "PENDING APPROVAL" "not pending"
        refund_shows_nothing Refund Change en ;;
  esac
done
expect 0 "receipt language back to zh_CN" receipt-settings language zh_CN
expect 0 "X report" report x "${SUP[@]}" --json
same "$(fig "$OUT" sales 待审批退货笔数)" "" "the X report no longer counts it as waiting"
expect 4 "approve the rejected return" approve-return "$pending" "${SUP[@]}"
mentions "$ERR" "was rejected by 9001" "says it was rejected, and by whom"
expect 4 "reject it again" reject-return "$pending" --reason x "${SUP[@]}"
mentions "$ERR" "already rejected" "says it is already rejected"
expect 0 "check: the store is whole" check

section "approved returns cannot be rejected"
approved=$(pending_return)
expect 0 "approve-return" approve-return "$approved" "${SUP[@]}"
expect 4 "reject the approved return" reject-return "$approved" --reason x "${SUP[@]}"
mentions "$ERR" "already approved" "says it was approved"
expect 4 "reject a sale" reject-return "$(receipt_no 1)" --reason x "${SUP[@]}"

section "a return still waiting at the Z report"
late=$(pending_return)
expect 0 "close the shift" shift close --count 100=0 --manager 9001 --cashier 1001
expect 0 "Z report" report z "${SUP[@]}" --json
same "$(fig "$OUT" sales 待审批退货笔数)" "1" "the Z report counts the one still waiting"
mentions "$OUT" "只能驳回" "and says it can only be rejected now"
expect 6 "approve it after the Z" approve-return "$late" "${SUP[@]}"
expect 0 "reject it after the Z: no money moves" reject-return "$late" --reason "日结后未审批" "${SUP[@]}"
same "$(sql "SELECT count(*) FROM sales s WHERE status = 'pending_approval' AND NOT EXISTS (SELECT 1 FROM return_rejections r WHERE r.sale_id = s.id)")" \
  "0" "nothing waits any more"
expect 0 "check after the Z" check

finish
