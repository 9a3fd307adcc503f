#!/usr/bin/env bash
# ui-store.sh DIR — the store the window's tests and the headless demo ring
# up on: the demo data (data/demo) with its loyalty rules and coupon
# templates, member 8800000000017 (张伟, gold) holding 5000 points, ¥500 of
# stored value (+¥50 bonus) with payment PIN 246810, and one ¥10-off-100
# coupon (printed on stdout as "coupon CODE"); staff: manager 9001 (PIN
# 9001), cashier 1001 王小明 (PIN 1234) and supervisor 8001 李主管 (PIN
# 5678); cashier 1001's shift open with a float of ¥500.00. Made through
# mallposctl, the way a store is made. Needs $MALLPOSCTL and $MALLPOS_DEMO_DIR.
set -euo pipefail

dir=${1:?usage: ui-store.sh DIR}
ctl=${MALLPOSCTL:?MALLPOSCTL must name mallposctl}
demo=${MALLPOS_DEMO_DIR:?MALLPOS_DEMO_DIR must name data/demo}
export MALLPOS_STORE="$dir/store.db"
member=8800000000017

"$ctl" init --from "$demo/store.json" --demo --default-cashier 1001 >/dev/null
"$ctl" import catalog "$demo/catalog.csv" >/dev/null
"$ctl" import promotions "$demo/promotions.json" >/dev/null
"$ctl" import loyalty-rules "$demo/loyalty-rules.json" >/dev/null
"$ctl" import members "$demo/members.json" >/dev/null
"$ctl" coupon templates import "$demo/coupons.json" >/dev/null
printf '9001\n' | "$ctl" staff add 9001 --name 张店长 --role manager >/dev/null
export MALLPOS_SUPERVISOR_PIN=9001
printf '1234\n' | "$ctl" staff add 1001 --name 王小明 --role cashier --manager 9001 >/dev/null
printf '5678\n' | "$ctl" staff add 8001 --name 李主管 --role supervisor --manager 9001 >/dev/null
# No sale (nor top-up) without an open shift: cashier 1001's, with a float of 500.00.
"$ctl" shift open --float 500.00 --cashier 1001 >/dev/null
"$ctl" points adjust "$member" --points 5000 --reason "opening balance" --supervisor 9001 >/dev/null
"$ctl" stored-value top-up "$member" --amount 500 >/dev/null
echo 246810 | "$ctl" stored-value set-pin "$member" --supervisor 9001 >/dev/null
code=$("$ctl" coupon issue --template MJ100-10 --member "$member" --cashier 1001 --supervisor 9001 --json | jq -r '.coupons[0].code')
unset MALLPOS_SUPERVISOR_PIN
echo "coupon $code"
