#!/bin/bash
# ctl-print.sh — mallposctl with the receipt printer: `sale --print`,
# `test-print` and `drawer open` on the built-in virtual printer (txt + png
# in MALLPOS_RECEIPT_DIR), a devices.ini naming the printer and drawer, and a
# printer that cannot print: the message names it and the sale still stands.
. "$(dirname "$0")/../../scenario/lib.sh"

export MALLPOS_PRINTER_PROFILES="$PRINTER_PROFILE_DIR"
export MALLPOS_RECEIPT_DIR="$T/receipts"
# No devices.ini where mallposctl looks: the built-in virtual printer.
unset MALLPOS_DEVICES
export XDG_CONFIG_HOME="$T/config"
# fontconfig's caches live as long as the process (sanitizer builds).
export LSAN_OPTIONS="suppressions=$(dirname "$0")/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

demo_store

section "sale --print on the built-in virtual printer"
expect 0 "sale --print" sale --print <"$DEMO/sale.json"
mentions "$OUT" "printed on printer0: $T/receipts/0001.png" "says where the receipt went"
[ -s "$T/receipts/0001.png" ] && pass "0001.png written" || fail "no 0001.png"
mentions "$T/receipts/0001.txt" "惠民会员超市(中山路店)" "the printed text has the store name"
mentions "$T/receipts/0001.txt" "金龙鱼黄金比例食用植物调和油 5L" "… and the goods"
mentions "$T/receipts/0001.txt" "[CODE128 $(receipt_no 1)]" "… and the receipt number barcode"
width=$(od -An -tu1 -j16 -N4 "$T/receipts/0001.png" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
same "$width" 576 "the PNG is 576 dots wide (80 mm)"

section "test-print and drawer open"
expect 0 "test-print" test-print
mentions "$OUT" "0002.png" "the test page is page 2"
mentions "$T/receipts/0002.txt" "中文：惠民会员超市 欢迎光临" "the test page prints hanzi"
expect 9 "a drawer open without a sale needs a supervisor" drawer open
expect 0 "drawer open --supervisor 9001" drawer open --supervisor 9001
same "$(sql "SELECT actor || ' ' || approved_by FROM audit WHERE action = 'no_sale_drawer_open'")" \
  "mallposctl 9001" "the no-sale open is audited with its approver"
mentions "$OUT" "drawer0: kicked (pin 2 of printer “printer0”); the drawer is open" "the drawer reports open"
expect 0 "drawer open --json" drawer open --json --supervisor 9001
same "$(jq -r .open "$OUT")" true "JSON says open"
expect_usage "drawer without open" drawer

section "a devices.ini with a 58 mm virtual printer and a drawer on pin 5"
cat >"$T/devices.ini" <<INI
[printer1]
category=printer
backend=virtual
profile=generic-58
output_dir=$T/p58

[drawer1]
category=drawer
printer=printer1
pin=5
INI
expect 0 "test-print --printer printer1" test-print --devices "$T/devices.ini" --printer printer1
width=$(od -An -tu1 -j16 -N4 "$T/p58/0001.png" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
same "$width" 384 "the 58 mm page is 384 dots wide"
expect 1 "drawer on pin 5 of a 58 mm printer that wires pin 2 only" drawer open --devices "$T/devices.ini" --supervisor 9001
mentions "$ERR" "cash drawer “drawer1”" "the error names the drawer"
mentions "$ERR" "pin 5" "… and the pin"
expect 1 "an unknown printer name" test-print --devices "$T/devices.ini" --printer printer9
mentions "$ERR" "no receipt printer named “printer9”" "says which name is unknown"

section "a devices file named in MALLPOS_DEVICES must exist, as one named by --devices"
expect 3 "test-print --devices naming a missing file" test-print --devices "$T/missing.ini"
export MALLPOS_DEVICES="$T/missing.ini"
before=$(ls "$T/receipts" | wc -l)
expect 3 "test-print with MALLPOS_DEVICES naming a missing file" test-print
mentions "$ERR" "MALLPOS_DEVICES names $T/missing.ini, which does not exist" "says which setting names which file"
mentions "$ERR" "unset MALLPOS_DEVICES" "… and what to do"
same "$(ls "$T/receipts" | wc -l)" "$before" "nothing printed on the built-in printer instead"
expect 3 "devices with MALLPOS_DEVICES naming a missing file" devices
mentions "$ERR" "MALLPOS_DEVICES names" "devices says so too"
unset MALLPOS_DEVICES

section "a printer that does not answer: the sale stands"
cat >"$T/tcp.ini" <<INI
[printer0]
category=printer
backend=tcp
host=127.0.0.1
tcp_port=9
profile=generic-80
INI
before=$(sql "SELECT count(*) FROM sales")
expect 0 "sale --print to a dead network printer still sells" sale --print --devices "$T/tcp.ini" <"$DEMO/sale.json"
mentions "$ERR" "receipt printer “printer0”" "the error names the printer"
mentions "$ERR" "is recorded; print it again with \`mallposctl receipt" "and says the sale stands and how to reprint"
same "$(sql "SELECT count(*) FROM sales")" $((before + 1)) "the sale is in the store"

finish
