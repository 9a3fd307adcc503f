#!/usr/bin/env bash
# demo.sh — README command 1: install what is needed, build, create a demo
# store from data/demo and run the main job. Until the GTK cashier window
# lands, the main job is an end-to-end sale through mallposctl whose receipt
# prints as text. Safe to run again: the demo store is recreated each time.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${MALLPOS_BUILD_DIR:-$top/_build}

bash "$top/packaging/install-deps.sh"
if [[ -f "$build/build.ninja" ]]; then
  meson setup --reconfigure "$build" "$top" >/dev/null
else
  meson setup "$build" "$top" >/dev/null
fi
ninja -C "$build" >/dev/null

ctl="$build/src/ctl/mallposctl"
demo="$top/data/demo"
export MALLPOS_STORE=${MALLPOS_STORE:-${XDG_DATA_HOME:-$HOME/.local/share}/mallpos/demo.db}
rm -f "$MALLPOS_STORE" "$MALLPOS_STORE-wal" "$MALLPOS_STORE-shm"

"$ctl" init --from "$demo/store.json"
"$ctl" import members "$demo/members.json"
"$ctl" import catalog "$demo/catalog.csv"
"$ctl" import promotions "$demo/promotions.json"
"$ctl" import loyalty-rules "$demo/loyalty-rules.json"
"$ctl" coupon templates import "$demo/coupons.json"

echo
echo "== search by pinyin initials: kkkl =="
"$ctl" product --search kkkl
echo
echo "== the demo sale (data/demo/sale.json), also printed on the virtual receipt printer =="
export MALLPOS_RECEIPT_DIR=${MALLPOS_RECEIPT_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/mallpos/receipts}
"$ctl" sale --print < "$demo/sale.json"
echo
"$ctl" check
