#!/bin/bash
# init.sh — creating a store: from data/demo/store.json, from options, and
# every way init can be refused (bad time zone, missing --terminal, bad codes
# and hours); a refused init leaves no store behind. Also what every command
# says about a store that is missing, empty or not a store at all.
. "$(dirname "$0")/lib.sh"

section "init from data/demo/store.json"
expect 0 "init --from store.json" init --from "$DEMO/store.json"
has_line "$OUT" "store S001 terminal T01 ready at $MALLPOS_STORE" "init says which store is ready"
same "$(sql "SELECT value FROM settings WHERE key = 'store_code'")" "S001" "store code from the file"
same "$(sql "SELECT value FROM settings WHERE key = 'terminal_code'")" "T01" "terminal code from the file"
same "$(sql "SELECT value FROM settings WHERE key = 'time_zone'")" "Asia/Shanghai" "time zone from the file"
same "$(sql "SELECT value FROM settings WHERE key = 'business_day_cutoff_hour'")" "4" \
  "cut-off hour from the file"
same "$(sql "SELECT value FROM settings WHERE key = 'store_name'")" "惠民会员超市(中山路店)" \
  "store name from the file"
same "$(sql "SELECT value FROM settings WHERE key = 'receipt_footer'")" "$(printf '谢谢惠顾 欢迎再次光临\nThank you!')" \
  "footer with its embedded newline"
same "$(sql "SELECT value FROM settings WHERE key = 'cash_rounding_step'")" "0" "cash rounding none"
expect 0 "a fresh store checks out" check

section "init by options"
store2="$T/by-options.db"
expect 0 "init by options" init --store "$store2" --store-code S002 --terminal T09 \
  --tz Europe/Berlin --name "测试店" --address "Hauptstraße 1" --footer "Danke" \
  --cutoff-hour 3 --cash-rounding 0.1
has_line "$OUT" "store S002 terminal T09 ready at $store2" "init by options says which store"
same "$(sqlite3 "$store2" "SELECT group_concat(key || '=' || value, ';') FROM (SELECT * FROM settings WHERE key IN ('store_code','terminal_code','time_zone','store_name','business_day_cutoff_hour','cash_rounding_step') ORDER BY key)")" \
  "business_day_cutoff_hour=3;cash_rounding_step=10;store_code=S002;store_name=测试店;terminal_code=T09;time_zone=Europe/Berlin" \
  "every option is stored"
expect 0 "the store by options checks out" check --store "$store2"
expect 0 "init again updates the identity" init --store "$store2" --store-code S002 --terminal T10
same "$(sqlite3 "$store2" "SELECT value FROM settings WHERE key = 'terminal_code'")" "T10" \
  "the terminal code was updated"

section "codes are fixed once records are made under them"
expect 0 "levels and members imported into store S002/T10" import members --store "$store2" \
  "$DEMO/members.json"
expect 0 "a member registered there" member register --store "$store2" --phone 13700009999 \
  --name 王芳
expect 6 "changing the terminal code of a store with records is a conflict (exit 6)" \
  init --store "$store2" --store-code S002 --terminal T11
mentions "$ERR" "S002, terminal T10" "the message names the codes in use"
mentions "$ERR" "store file of its own" "the message says what to do instead"
same "$(sqlite3 "$store2" "SELECT value FROM settings WHERE key = 'terminal_code'")" "T10" \
  "the terminal code is unchanged"
expect 6 "changing the store code too" init --store "$store2" --store-code S003 --terminal T10
expect 0 "the same codes with a new footer are fine" init --store "$store2" --store-code S002 \
  --terminal T10 --footer "欢迎光临"
same "$(sqlite3 "$store2" "SELECT value FROM settings WHERE key = 'receipt_footer'")" "欢迎光临" \
  "the footer was updated"

section "refused init leaves nothing behind"
expect 4 "an unknown time zone is invalid input" init --store "$T/tz.db" --store-code S001 \
  --terminal T01 --tz Mars/Olympus
mentions "$ERR" "Mars/Olympus" "the message names the bad zone"
mentions "$ERR" "Asia/Shanghai" "the message shows what a zone looks like"
same "$(ls "$T" | grep -c '^tz\.db')" "0" "no store file is left after a refused init"

expect_usage "init without --terminal" init --store "$T/noterm.db" --store-code S001
mentions "$ERR" "--terminal" "the message names --terminal"
same "$(ls "$T" | grep -c '^noterm\.db')" "0" "no store file after a usage error"
expect_usage "init without any identity" init --store "$T/noterm.db"
expect_usage "init with a bad --cash-rounding" init --store "$T/noterm.db" --store-code S001 \
  --terminal T01 --cash-rounding 5
mentions "$ERR" "none, 0.1 or 1" "the message lists the rounding steps"
expect_usage "init with --cutoff-hour 25" init --store "$T/noterm.db" --store-code S001 \
  --terminal T01 --cutoff-hour 25
mentions "$ERR" "--cutoff-hour" "the message names --cutoff-hour"
expect_usage "init with --cutoff-hour -1" init --store "$T/noterm.db" --store-code S001 \
  --terminal T01 --cutoff-hour -1
expect_usage "init with a --cutoff-hour that is not a number" init --store "$T/noterm.db" \
  --store-code S001 --terminal T01 --cutoff-hour four
expect 4 "init with a store code that is not letters and digits" init --store "$T/code.db" \
  --store-code "S 001" --terminal T01
mentions "$ERR" "letters or digits" "the message says what a code is"
same "$(ls "$T" | grep -c '^code\.db')" "0" "no store file after a bad code"
expect 3 "init --from a missing file" init --store "$T/from.db" --from "$T/missing.json"
mentions "$ERR" "missing.json" "the message names the missing file"
printf '{"store": {"code": "S001",' >"$T/truncated.json"
expect 4 "init --from a truncated store.json" init --store "$T/from.db" --from "$T/truncated.json"
mentions "$ERR" "truncated.json" "the message names the bad file"
mentions "$ERR" "JSON" "the message says the JSON is bad"
same "$(ls "$T" | grep -c '^from\.db')" "0" "no store file after a bad --from"

section "stores that are missing, empty or not stores"
expect 3 "a missing store is not found" check --store "$T/nowhere.db"
mentions "$ERR" "mallposctl init" "the message says how to create a store"
same "$(ls "$T" | grep -c '^nowhere\.db')" "0" "reading a missing store does not create it"
head -c 8192 /dev/urandom >"$T/garbage.db"
for verb in check "product 100001" "receipt $(receipt_no 1)" suspended; do
  # shellcheck disable=SC2086
  expect 5 "$verb on a garbage file is a store problem" $verb --store "$T/garbage.db"
  mentions "$ERR" "not a MallPOS store" "$verb says the file is not a store"
done
expect 5 "sale on a garbage file is a store problem" sale --store "$T/garbage.db" <"$DEMO/sale.json"
printf 'this is a text file, not a database\n' >"$T/text.db"
expect 5 "a text file is not a store" check --store "$T/text.db"
sqlite3 "$T/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
expect 5 "an SQLite database of another program is not a store" check --store "$T/other.db"
mentions "$ERR" "another program" "the message says whose database it is"
: >"$T/empty.db"
expect 5 "an empty file is not a store yet" check --store "$T/empty.db"
mentions "$ERR" "mallposctl init" "the message says to run init"
expect 0 "init turns an empty file into a store" init --store "$T/empty.db" --store-code S001 \
  --terminal T01
expect 0 "which then checks out" check --store "$T/empty.db"

finish
