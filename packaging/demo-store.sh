#!/usr/bin/env bash
# demo-store.sh — the part of demo.sh that makes the demo's store and rings
# up the demo sale, with an already built mallposctl ($MALLPOSCTL). The demo
# works on its own store only: $XDG_DATA_HOME/mallpos/demo/demo.db (an
# exported MALLPOS_STORE is ignored), its own receipt folder and its own
# devices (data/demo/devices.ini: virtual printer). It replaces that store
# only when the store carries the demo mark (`mallposctl init --demo`), and
# otherwise refuses: it never deletes a file it did not make.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ctl=${MALLPOSCTL:?MALLPOSCTL must name the mallposctl binary}
demo="$top/data/demo"
home="${XDG_DATA_HOME:-$HOME/.local/share}/mallpos/demo"
store="$home/demo.db"

export MALLPOS_STORE="$store"
export MALLPOS_RECEIPT_DIR="$home/receipts"
export MALLPOS_DEVICES="$demo/devices.ini"

# TRUE for a store this demo made; otherwise says why it is left alone.
is_demo_store ()
{
  local status
  if ! status=$("$ctl" status --json 2>"$home/.status-error"); then
    echo "demo: $store cannot be opened: $(sed 's/^mallposctl: //' "$home/.status-error")" >&2
    rm -f -- "$home/.status-error"
    return 1
  fi
  rm -f -- "$home/.status-error"
  jq -e '.demo == true' <<<"$status" >/dev/null
}

if [[ -e "$store" || -L "$store" ]]; then
  if ! is_demo_store; then
    echo "demo: $store is not known to be a store this demo made; it stays as it is." >&2
    echo "demo: move it elsewhere (or set XDG_DATA_HOME to another folder) and run the demo again." >&2
    exit 1
  fi
  rm -f -- "$store" "$store-wal" "$store-shm"
fi

"$ctl" init --from "$demo/store.json" --demo --training --default-cashier 1001
"$ctl" import catalog "$demo/catalog.csv"
"$ctl" import promotions "$demo/promotions.json"
# The rules before anyone registers: a registration earns its bonus then.
"$ctl" import loyalty-rules "$demo/loyalty-rules.json"
"$ctl" import members "$demo/members.json"
"$ctl" coupon templates import "$demo/coupons.json"
# The demo's staff: a manager (9001, PIN 9001) and the demo cashier (1001, PIN 1234).
printf '9001\n' | "$ctl" staff add 9001 --name 张店长 --role manager >/dev/null
printf '1234\n' | MALLPOS_SUPERVISOR_PIN=9001 "$ctl" staff add 1001 --name 王小明 --role cashier \
  --manager 9001 >/dev/null
# The demo comes up ready to sell: cashier 1001's shift is open with a float of 500.00
# (a store without an open shift: the window asks for the float after sign-in).
"$ctl" shift open --float 500.00 --cashier 1001 >/dev/null

echo
echo "== a new member registers at the counter (registration bonus) =="
"$ctl" member register --phone 13700001111 --name 李雷 --cashier 1001 | sed -n 1,2p
echo
echo "== search by pinyin initials: kkkl =="
"$ctl" product --search kkkl
echo
echo "== the demo sale (data/demo/sale.json), also printed on the virtual receipt printer =="
"$ctl" sale --print <"$demo/sale.json"
echo
"$ctl" check
# A Chinese store's till speaks Chinese: the window (and mallposctl on this
# store) in 简体中文 unless MALLPOS_LANGUAGE says otherwise.
MALLPOS_SUPERVISOR_PIN=9001 "$ctl" language --set zh_CN --manager 9001 >/dev/null
bindir=$(cd "$(dirname "$ctl")" && pwd)
cat <<TEXT

The demo store: $store
(made by the demo, marked as such: running the demo again replaces it, and only it).
Its terminal language is zh_CN (简体中文); MALLPOS_LANGUAGE=en for one run in English,
or \`mallposctl language --set en\` to keep it.
Receipts of the virtual printer: $MALLPOS_RECEIPT_DIR
mallposctl is $bindir/mallposctl; to use it from this shell on the demo store:

  export PATH="$bindir:\$PATH"
  export MALLPOS_STORE="$store"
  mallposctl status
  mallposctl receipt --last

README's tour ("A short tour") then builds a store of its own; docs/operations.md
says how to install mallposctl (meson install).
TEXT
