#!/bin/bash
# coupon-return.sh — a coupon that a full return gives back at the terminal
# is usable again at the centre too (sync/PROTOCOL.md 5.2
# "restored_coupons"): the centre moves a coupon's status forward only from
# what member profiles say, so only the return's own entry can put it back
# to issued. Against a real mallpos-central on a throwaway PostgreSQL: a
# sale with the coupon, pushed (redeemed at the centre), its full return,
# pushed (issued again); pushing again changes nothing.
. "$(dirname "$0")/lib.sh"

pg_start
make_certs
central_start a
enrolled_store

# centre_state — what a push may change at the centre for the member.
centre_state ()
{
  psql_value "SELECT status FROM member_coupons ORDER BY code;
              SELECT uid, change FROM members ORDER BY uid;
              SELECT count(*) FROM entries" | md5sum
}

section "a coupon issued to a member, used on a sale, pushed"
jq '{templates}' "$DEMO/coupons.json" >"$T/templates.json"
"$MALLPOS_CENTRAL" coupon import "$T/templates.json" >/dev/null \
  || { echo "Bail out! the centre refused the demo coupon templates"; exit 1; }
expect 0 "the terminal syncs (the coupon templates)" sync now
expect 0 "register 王芳" member register --phone 13700009999 --name 王芳 --cashier 1001 --json
CARD=$(jq -r .card_no "$OUT")
expect 0 "issue her a coupon" coupon issue --template MJ100-10 --member "$CARD" --cashier 1001 --supervisor 9001
COUPON=$(sql "SELECT code FROM coupons WHERE member_id = (SELECT id FROM members WHERE phone = '13700009999')")
[ -n "$COUPON" ] || { echo "Bail out! no coupon issued"; exit 1; }
jq --arg card "$CARD" --arg c "$COUPON" '.member = $card | .coupons = [$c]' "$DEMO/sale.json" >"$T/sale.json"
expect 0 "sell to her with the coupon" sale <"$T/sale.json"
SALE=$(sql "SELECT receipt_no FROM sales WHERE kind = 'sale' ORDER BY rowid DESC LIMIT 1")
same "$(sql "SELECT status FROM coupons WHERE code = '$COUPON'")" "redeemed" "the coupon is used"
expect 0 "push" sync now
same "$(psql_value "SELECT status FROM member_coupons WHERE code = '$COUPON'")" "redeemed" \
  "the centre holds the coupon used"

section "the full return gives it back, at the centre too"
expect 0 "return the whole sale" return "$SALE" --cashier 1001
same "$(sql "SELECT status FROM coupons WHERE code = '$COUPON'")" "issued" \
  "the terminal holds the coupon issued again"
expect 0 "the journal" journal --json --limit 1000
same "$(jq -r --arg c "$COUPON" '[.[] | select(.kind == "return") | .payload.restored_coupons[]?]
  | map(select(. == $c)) | length' "$OUT")" "1" "the return's entry names the coupon it gave back"
expect 0 "push the return" sync now
same "$(psql_value "SELECT status FROM member_coupons WHERE code = '$COUPON'")" "issued" \
  "the centre holds the coupon issued again"
central_invariants "after the return"

section "pushing again changes nothing"
before=$(centre_state)
sql "UPDATE sync_state SET pushed_seq = 0"
expect 0 "push every entry again" sync now
same "$(centre_state)" "$before" "the centre is as it was (every entry a duplicate)"
same "$(psql_value "SELECT status FROM member_coupons WHERE code = '$COUPON'")" "issued" \
  "the coupon stays issued"
sync_finish
