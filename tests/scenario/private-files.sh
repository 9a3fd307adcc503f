#!/bin/bash
# private-files.sh — a store holds members' personal data: it and its -wal and
# -shm are made 0600 in a 0700 folder whatever the umask, a store other
# users can read is refused with the chmod that fixes it, init never makes a
# store through a symbolic link, and receipts are written 0600.
. "$(dirname "$0")/lib.sh"
# the receipt PNG goes through pango and fontconfig, whose caches live as
# long as the process (the printer tests' suppressions, for the ASan build)
export LSAN_OPTIONS="suppressions=$(dirname "$0")/../devices/printer/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

mode () { stat -c %a "$1"; }

section "a new store is private"
umask 022
DIR="$T/shop/data"
expect 0 "init in a folder that does not exist yet" init --store "$DIR/store.db" \
  --from "$DEMO/store.json" --default-cashier 1001
same "$(mode "$DIR")" 700 "the folder is 0700"
same "$(mode "$DIR/store.db")" 600 "the store is 0600 (umask 022)"
"$MALLPOSCTL" import catalog --store "$DIR/store.db" "$DEMO/catalog.csv" >/dev/null
# A connection held open keeps the -wal and -shm while they are looked at.
coproc HOLD { sqlite3 "$DIR/store.db"; }
echo "SELECT count(*) FROM skus;" >&"${HOLD[1]}"
read -r _ <&"${HOLD[0]}"
expect 0 "a sale writes the WAL" sale --store "$DIR/store.db" \
  <<<'{"cashier":"1001","lines":[{"code":"6900183401066"}],"tenders":[{"type":"cash","amount":"100.00"}]}'
same "$(mode "$DIR/store.db-wal") $(mode "$DIR/store.db-shm")" "600 600" \
  "its -wal and -shm are 0600, as the store"
echo ".quit" >&"${HOLD[1]}"
wait "$HOLD_PID"
umask 077

section "a store others can read is refused"
chmod 644 "$DIR/store.db"
expect 5 "status on a 0644 store" status --store "$DIR/store.db"
mentions "$ERR" "other users can read or change the store $DIR/store.db (mode 0644)" "it says why"
mentions "$ERR" "run \`chmod 600 '$DIR/store.db'\`" "and gives the command that fixes it"
chmod 600 "$DIR/store.db"
expect 0 "after the chmod it opens" status --store "$DIR/store.db"

section "init never follows a symbolic link"
echo "precious" >"$T/victim"
ln -s "$T/victim" "$T/link.db"
expect 5 "init on a symbolic link" init --store "$T/link.db" --store-code S001 --terminal T01
mentions "$ERR" "$T/link.db is a symbolic link: a store is made only as a plain file" "it says why"
same "$(cat "$T/victim")" precious "the file the link points to is untouched"
ln -s "$T/nowhere.db" "$T/dangling.db"
expect 5 "init on a dangling link" init --store "$T/dangling.db" --store-code S001 --terminal T01
same "$([ -e "$T/nowhere.db" ] && echo made || echo absent)" absent "nothing is made where it points"

section "receipts are private"
umask 022
export MALLPOS_RECEIPT_DIR="$T/receipts"
expect 0 "print the receipt on the virtual printer" receipt --store "$DIR/store.db" --last --reprint --print
same "$(mode "$T/receipts")" 700 "the receipt folder is 0700"
same "$(find "$T/receipts" -type f ! -perm 600 | wc -l) $(find "$T/receipts" -type f | wc -l)" "0 2" \
  "its .txt and .png are 0600"
umask 077

finish
