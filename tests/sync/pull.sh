#!/bin/bash
# pull.sh — the pull streams against a real mallpos-central on a throwaway
# PostgreSQL, with two terminals of two stores, each talking to its own
# centre process on the one database: a member registered and topped up at
# store A is found at store B after B's next pull, with A's balance as B's
# centre balance (never in B's own ledgers); B's sale to them comes back to
# A as A's centre balance; a replayed pull changes nothing; the hotlist
# blocks a card and a member at the counter and lifts them again; a 410 from
# the centre (compacted cursor) forces a snapshot; a truncated page applies
# nothing; and a terminal clock hours ahead of or behind the centre.
. "$(dirname "$0")/lib.sh"
export MALLPOS_SYNC_TIMEOUT_MS=4000

pg_start
make_certs
central_start a
central_start b
enrolled_store                     # store A: S001/T01, through centre a
A=$MALLPOS_STORE
B="$T/store-b.db"

# b_state — what the members stream leaves at B, to compare before and after.
b_state ()
{
  sql_b "SELECT uid, phone, name, level_code FROM members ORDER BY uid;
         SELECT card_no, status, replaced_by FROM member_cards ORDER BY card_no;
         SELECT m.uid, c.points, c.stored_value FROM member_centre_balances c
           JOIN members m ON m.id = c.member_id ORDER BY m.uid;
         SELECT kind, value FROM hotlist ORDER BY 1, 2;
         SELECT stream, cursor FROM sync_cursors ORDER BY 1" | md5sum
}

section "store B: another store of the mall, no members of its own"
other_store "$B" S002 "$PORT_b"

section "a member registered and topped up at store A"
expect 0 "register 王芳 at A" member register --phone 13700009999 --name 王芳 --cashier 1001 --json
CARD=$(jq -r .card_no "$OUT")
UID_WANG=$(sql "SELECT uid FROM members WHERE phone = '13700009999'")
expect 0 "a top-up of 100.00 at A" stored-value top-up "$CARD" --amount 100.00 --tender cash \
  --cashier 1001
A_POINTS=$(sql "SELECT points_available + points_pending FROM members WHERE uid = '$UID_WANG'")
A_SV=$(sql "SELECT sv_principal + sv_bonus FROM members WHERE uid = '$UID_WANG'")
expect 0 "A syncs" sync now
sed 's/^/# C /' "$T"/central-a.log | tail -20
same "$(psql_value "SELECT profile->>'name' FROM members WHERE uid = '$UID_WANG'")" "王芳" \
  "the centre holds her profile under her global id"

section "found at store B after B's next pull"
expect_b 3 "B does not know her yet" member lookup 13700009999
expect_b 0 "B syncs through centre b" sync now
mentions "$OUT" "members: 1 new" "sync now says one member is new"
expect_b 0 "B finds her by phone" member lookup 13700009999 --json
same "$(jq -r .name "$OUT")" "王芳" "the member found at B is 王芳"
expect_b 0 "B finds her by card" member lookup "$CARD"
same "$(sql_b "SELECT uid FROM members WHERE phone = '13700009999'")" "$UID_WANG" \
  "she keeps her global id at B"
B_ID=$(sql_b "SELECT id FROM members WHERE uid = '$UID_WANG'")
same "$(sql_b "SELECT points || '|' || stored_value FROM member_centre_balances WHERE member_id = $B_ID")" \
  "$A_POINTS|$A_SV" "B holds A's points and stored value as her centre balance"
same "$(sql_b "SELECT (points_available + points_pending) || '|' || (sv_principal + sv_bonus)
               FROM members WHERE id = $B_ID")" "0|0" \
  "B's own ledgers hold nothing for her: no row is counted twice"
expect_b 0 "B's integrity check holds" check
expect_b 0 "B shows her balance at the other stores" member lookup 13700009999 --json
same "$(jq -r '.centre_balance | "\(.points)|\(.stored_value)|\(.spendable_offline)"' "$OUT")" \
  "$A_POINTS|$(printf '%d.%02d' $((A_SV / 100)) $((A_SV % 100)))|false" \
  "the lookup shows A's part, not spendable offline at B"
expect_b 0 "and says so to the cashier" member lookup 13700009999
mentions "$OUT" "spendable only while the centre is online" "the cashier reads why it is not spent offline"
expect 0 "the code her phone shows at A" member qr "$(sql "SELECT id FROM members WHERE uid = '$UID_WANG'")"
QR=$(cat "$OUT")
expect_b 0 "the same code verifies at B, offline" member lookup --qr "$QR" --json
same "$(jq -r .name "$OUT")" "王芳" "the code shown at A finds her at B"
same "$(psql_value "SELECT count(*) FROM entries WHERE payload::text LIKE '%qr_secret%'")" "0" \
  "the QR secret travelled beside the journal, never in it"

section "a replayed pull changes nothing"
before=$(b_state)
expect_b 0 "B pulls again" sync now
same "$(b_state)" "$before" "pulling again changes nothing"
sql_b "UPDATE sync_cursors SET cursor = 0"
expect_b 0 "B pulls every stream again from 0" sync now
mentions "$OUT" "members: 0 new" "no member is new the second time"
same "$(b_state)" "$before" "replayed pages change nothing"

section "B sells to her; A learns it as her centre balance"
jq --arg card "$CARD" '.member = $card' "$DEMO/sale.json" >"$T/sale-wang.json"
expect_b 0 "a sale to her at B" sale <"$T/sale-wang.json"
B_EARNED=$(sql_b "SELECT points_available + points_pending FROM members WHERE id = $B_ID")
[ "$B_EARNED" -gt 0 ] && pass "she earned $B_EARNED points at B" || fail "no points earned at B"
expect_b 0 "B syncs" sync now
expect 0 "A syncs" sync now
A_ID=$(sql "SELECT id FROM members WHERE uid = '$UID_WANG'")
same "$(sql "SELECT points || '|' || stored_value FROM member_centre_balances WHERE member_id = $A_ID")" \
  "$B_EARNED|0" "A's centre balance for her is what B holds, A's own part left out"
same "$(sql "SELECT points_available + points_pending FROM members WHERE id = $A_ID")" "$A_POINTS" \
  "A's own ledger is untouched by the pull"
same "$(psql_value "SELECT count(DISTINCT uid) FROM member_accounts WHERE uid = '$UID_WANG'")" "1" \
  "the centre knows both terminals' accounts as one member"
same "$(psql_value "SELECT count(*) FROM member_accounts WHERE uid = '$UID_WANG'")" "2" \
  "one account at each terminal"
central_invariants "after two stores sold to one member"

section "the hotlist: a blocked card is refused at the counter"
"$MALLPOS_CENTRAL" hotlist block card "$CARD" "挂失待核实" >"$T/h.out"
mentions "$T/h.out" "blocked at every terminal's next pull" "the centre says when it takes effect"
expect_b 0 "B pulls the hotlist" sync now
mentions "$OUT" "1 hotlist changes" "one hotlist change"
expect_b 6 "her card is refused at B" member lookup "$CARD"
mentions "$ERR" "blocked by the mall (挂失待核实)" "the cashier reads why"
mentions "$ERR" "service desk" "and what to do"
lacks "$ERR" "$CARD" "the refusal does not print the full card number"
expect_b 6 "her card is refused with --card too" member lookup --card "$CARD"
expect_b 6 "a sale with her card is refused" sale <"$T/sale-wang.json"
expect_b 0 "she is still found by phone (only the card is blocked)" member lookup 13700009999
"$MALLPOS_CENTRAL" hotlist unblock card "$CARD" >/dev/null
expect_b 0 "B pulls the lifting" sync now
expect_b 0 "her card works again" member lookup "$CARD"
"$MALLPOS_CENTRAL" hotlist block member "$UID_WANG" "账户冻结" >/dev/null
expect_b 0 "B pulls the blocked member" sync now
expect_b 6 "a blocked member is refused by phone too" member lookup 13700009999
mentions "$ERR" "account is blocked by the mall (账户冻结)" "says the account is blocked"
expect_b 6 "a blocked member is refused with --phone" member lookup --phone 13700009999
expect_b 6 "a blocked member is refused with --qr" member lookup --qr "$QR"
expect 0 "A pulls the blocked member" sync now
expect 6 "A refuses her" member lookup "$CARD"
"$MALLPOS_CENTRAL" hotlist unblock member "$UID_WANG" >/dev/null
expect 0 "A pulls the lifting" sync now
expect 0 "A finds her again" member lookup "$CARD"
"$MALLPOS_CENTRAL" hotlist block card 12AB "x" 2>"$ERR"; same "$?" "2" "hotlist block with a bad card number: usage (exit 2)"
mentions "$ERR" "6–32 digits" "says what a card number is"

section "a compacted cursor (410) forces a snapshot"
proxy_start "$PORT_b"
sql_b "UPDATE sync_enrolment SET url = 'https://127.0.0.1:$PROXY_PORT'"
"$MALLPOS_CENTRAL" price set 6901234567892 "矿泉水 550ml" 2.80 >/dev/null
before_cursor=$(sql_b "SELECT cursor FROM sync_cursors WHERE stream = 'members'")
proxy_mode gone
expect_b 0 "B syncs while the centre answers 410 to every cursor" sync now
mentions "$OUT" "full snapshot was taken" "sync now says a snapshot was taken"
same "$(sql_b "SELECT cursor FROM sync_cursors WHERE stream = 'members'")" "$before_cursor" \
  "the members cursor is back where the centre stands"
expect_b 0 "the price set at the centre arrived through the snapshot" product 6901234567892 --json
same "$(jq -r '.[0].price' "$OUT")" "2.80" "the snapshot carried the new price"
proxy_mode pass

section "a truncated or malformed page applies nothing"
before=$(b_state)
"$MALLPOS_CENTRAL" hotlist block card 8800000000017 "测试" >/dev/null
proxy_mode truncate
expect_b 1 "a truncated page fails" sync now
same "$(b_state)" "$before" "nothing of a truncated page was applied"
proxy_mode malformed
expect_b 1 "a malformed page fails" sync now
mentions "$ERR" "could not be read" "says the answer could not be read"
same "$(b_state)" "$before" "nothing of a malformed page was applied"
proxy_mode pass
expect_b 0 "once the fault is gone the page arrives" sync now
same "$(sql_b "SELECT count(*) FROM hotlist WHERE value = '8800000000017'")" "1" "the card is blocked at B"

"$MALLPOS_CENTRAL" hotlist unblock card 8800000000017 >/dev/null

section "a terminal clock hours off the centre's"
# The centre runs on the real clock; the terminal's is set hours ahead of it,
# then hours behind (still after the store was made).
for skew in "+7 hours" "-9 hours"; do
  export MALLPOS_NOW=$(date -d "now $skew" --iso-8601=seconds)
  sale "a sale at A with the clock $skew"
  expect 0 "A syncs with its clock $skew" sync now
  same "$(psql_value "SELECT status FROM entries WHERE created_at = $(date -d "$MALLPOS_NOW" +%s) LIMIT 1")" \
    "applied" "the centre applies an entry stamped $skew from its clock"
done
export MALLPOS_NOW=2026-11-23T10:00:00+08:00
expect 0 "A status" sync status --json
same "$(jq -r .online "$OUT")" "true" "A is online after the skewed syncs"
same "$(jq -r .pending "$OUT")" "0" "nothing left pending"
same "$(psql_value "SELECT contiguous_seq FROM terminals WHERE store_id = 'S001'")" \
  "$(sql 'SELECT max(seq) FROM journal')" "the centre holds A's journal contiguously"
central_invariants "after the skewed clocks"

sync_finish
