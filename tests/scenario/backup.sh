#!/bin/bash
# backup.sh — `mallposctl backup DEST` (issue 15): a consistent copy of the
# store taken while sales go on, with its key file (DEST.qrkey), both 0600,
# never written over an existing file; a copy restored with its key checks
# member QR codes and signs staff cards in; a copy restored without it is
# refused clearly, and no new key is made behind IT's back.
. "$(dirname "$0")/lib.sh"

LINA=8800000000039
demo_store
ID=$(sql "SELECT member_id FROM member_cards WHERE card_no = '$LINA'")
QR=$("$MALLPOSCTL" member qr "$ID")
MALLPOS_STAFF_CARD=04C0FFEE expect 0 "a staff card for 2001" staff add-card 2001 --manager 9001
SALE='{"cashier":"1001","lines":[{"sku":"100205"}],"tenders":[{"type":"cash","amount":"500.00"}]}'

section "a copy while sales go on"
( for i in $(seq 1 15); do "$MALLPOSCTL" sale <<<"$SALE" >/dev/null 2>&1; done ) &
SELLER=$!
expect 0 "backup while another process sells" backup "$T/copy.db" --json
wait "$SELLER"
same "$(jq -r .key "$OUT")" "$T/copy.db.qrkey" "--json names the key copy"
same "$(stat -c %a "$T/copy.db") $(stat -c %a "$T/copy.db.qrkey")" "600 600" "both copies are 0600"
cmp -s "$T/copy.db.qrkey" "$MALLPOS_STORE.qrkey" && pass "the key copy is the store's key" \
  || fail "the key copy differs from the store's key"
MALLPOS_STORE="$T/copy.db" expect 0 "the copy checks consistent" check
sold=$(sqlite3 -batch "$T/copy.db" "SELECT count(*) FROM sales")
[ "$sold" -le "$(sql "SELECT count(*) FROM sales")" ] && pass "the copy holds $sold of the sales (one moment)" \
  || fail "the copy holds more sales than the store"

section "never over an existing file"
md5=$(md5sum <"$T/copy.db")
expect 6 "a second backup to the same name is refused (exit 6)" backup "$T/copy.db"
mentions "$ERR" "never written over" "it says why and what to do"
same "$(md5sum <"$T/copy.db")" "$md5" "the first copy is untouched"
: >"$T/other.db.qrkey"
expect 6 "a key file in the way is refused too" backup "$T/other.db"
[ ! -e "$T/other.db" ] && pass "… and no copy is left half made" || fail "a copy was left behind"
ln -s "$T/elsewhere" "$T/link.db"
expect 6 "a link planted at DEST is not followed" backup "$T/link.db"
[ ! -e "$T/elsewhere" ] && pass "… nothing written through the link" || fail "written through a link"

section "restored with its key: member codes and staff cards work"
mkdir -m 700 "$T/restored"
cp "$T/copy.db" "$T/restored/store.db" && cp "$T/copy.db.qrkey" "$T/restored/store.db.qrkey"
chmod 600 "$T/restored/store.db" "$T/restored/store.db.qrkey"
export MALLPOS_STORE="$T/restored/store.db"
expect 0 "the restored store checks" check
expect 0 "a member code shown before the backup is still this member's" member lookup "$QR" --json
same "$(jq -r .id "$OUT")" "$ID" "… the same member"
MALLPOS_STAFF_CARD=04C0FFEE MALLPOS_SUPERVISOR_PIN=$SUPERVISOR_PIN expect 0 \
  "the staff card approves (card + PIN)" report liability --supervisor card

section "restored without its key: refused, never a new key"
rm "$T/restored/store.db.qrkey"
expect 5 "a member code cannot be checked without the key" member lookup "$QR"
mentions "$ERR" "restore it from the backup" "it says to restore the key"
expect 5 "a new staff card is refused without the key" staff add-card 1001 --manager 9001 <<<"04BEEF00"
mentions "$ERR" "a new key is never made" "it says no key is made anew"
[ ! -e "$T/restored/store.db.qrkey" ] && pass "no key file was made" || fail "a new key file was made"
cp "$T/copy.db.qrkey" "$T/restored/store.db.qrkey" && chmod 600 "$T/restored/store.db.qrkey"
expect 0 "the key back: the code checks again" member lookup "$QR"
finish
