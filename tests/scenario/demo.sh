#!/bin/bash
# demo.sh — packaging/demo.sh's store part (packaging/demo-store.sh) never
# touches a store it did not make: with MALLPOS_STORE exported and naming a
# store of the user's, that store stays byte-identical; the demo works on
# $XDG_DATA_HOME/mallpos/demo/demo.db, replaces it only when it carries the
# demo mark, and refuses, saying so, when something else sits there.
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$DEMO/../.." && pwd)
export LSAN_OPTIONS="suppressions=$TOP/tests/devices/printer/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export HOME="$T/home"
export XDG_DATA_HOME="$T/home/data"
DEMO_STORE="$XDG_DATA_HOME/mallpos/demo/demo.db"

# The user's own store, with a sale in it, exported as the tour says.
demo_store
"$MALLPOSCTL" sale <"$DEMO/sale.json" >/dev/null
USER_STORE=$MALLPOS_STORE
files_of () { (cd "$(dirname "$1")" && md5sum "$(basename "$1")"* 2>/dev/null); }
before=$(files_of "$USER_STORE")

run_demo () { MALLPOSCTL="$MALLPOSCTL" bash "$TOP/packaging/demo-store.sh" >"$OUT" 2>"$ERR"; RC=$?; }

section "the first run: its own store, never the user's"
run_demo
same "$RC" 0 "the demo runs"
same "$(files_of "$USER_STORE")" "$before" "the user's store (and its -wal/-shm) is byte-identical"
[ -f "$DEMO_STORE" ] && pass "the demo store is at $DEMO_STORE" || fail "no $DEMO_STORE"
has_line "$OUT" "registration bonus: 100 points" "the member registered in the demo gets the registration bonus"
has_line "$OUT" "ok: the store is consistent" "the demo store checks out"
mentions "$OUT" "export PATH=\"$(cd "$(dirname "$MALLPOSCTL")" && pwd):\$PATH\"" "prints the export PATH line"
mentions "$OUT" "export MALLPOS_STORE=\"$DEMO_STORE\"" "… and where its store is"
same "$(MALLPOS_STORE=$DEMO_STORE "$MALLPOSCTL" status --json | jq -r .demo)" true "the demo store carries the demo mark"
same "$(ls "$XDG_DATA_HOME/mallpos/demo/receipts" | grep -c png)" 1 "the receipt went to the demo's own folder"
same "$(MALLPOS_STORE=$DEMO_STORE "$MALLPOSCTL" language --json | jq -r .terminal_language)" zh_CN \
  "the demo store's till speaks zh_CN (a Chinese store's demo opens in Chinese)"

section "run again: the demo store is replaced, the user's still untouched"
run_demo
same "$RC" 0 "the demo runs again"
same "$(files_of "$USER_STORE")" "$before" "the user's store is byte-identical"
same "$(MALLPOS_STORE=$DEMO_STORE "$MALLPOSCTL" status --json | jq -r .store_code)" S001 "a fresh demo store"
same "$(sqlite3 "$DEMO_STORE" "SELECT count(*) FROM sales")" 1 "with one sale, not two"

section "something else at the demo's path: refused, left as it is"
rm -f "$DEMO_STORE" "$DEMO_STORE-wal" "$DEMO_STORE-shm"
cp "$USER_STORE" "$DEMO_STORE"
copy=$(md5sum <"$DEMO_STORE")
run_demo
same "$RC" 1 "the demo refuses a store it did not make"
mentions "$ERR" "$DEMO_STORE is not known to be a store this demo made; it stays as it is." "says so"
mentions "$ERR" "move it elsewhere" "… and what to do"
same "$(md5sum <"$DEMO_STORE")" "$copy" "that store is byte-identical"
printf 'my notes\n' >"$DEMO_STORE"
run_demo
same "$RC" 1 "the demo refuses a file that is no store"
mentions "$ERR" "$DEMO_STORE cannot be opened:" "… and says why it cannot open it"
same "$(cat "$DEMO_STORE")" "my notes" "that file is untouched"
same "$(files_of "$USER_STORE")" "$before" "the user's store is still byte-identical"

section "init --demo marks new stores only"
expect 2 "init --demo on the user's existing store" init --demo
same "$(files_of "$USER_STORE")" "$before" "… refused without a write"

finish
