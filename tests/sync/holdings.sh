#!/bin/bash
# holdings.sh — what a member holds and what a product is travel between
# the stores of the mall (sync/PROTOCOL.md 5.3, 5.5), against a real
# mallpos-central on a throwaway PostgreSQL: points earned at store A reach
# store B lot by lot with their expiry, and B stops counting a lot past its
# expiry by its own clock; a coupon issued at A is usable at B and, once
# used there, refused at A; the prices stream brings a product's category,
# unit and extra barcodes (a barcode another product holds is left out);
# hostile pages (numbers out of range, unknown words, too many items) are
# refused whole and change nothing; and a training store (练习模式) and a
# store that sells never see each other's members.
. "$(dirname "$0")/lib.sh"
export MALLPOS_SYNC_TIMEOUT_MS=4000

pg_start
make_certs
central_start a
central_start b
proxy_start "$PORT_b"
enrolled_store                     # store A: S001/T01, through centre a
B="$T/store-b.db"
other_store "$B" S002 "$PROXY_PORT"  # store B: S002/T01, through the proxy to centre b

# b_state — everything a pull may change at B.
b_state ()
{
  sql_b "SELECT uid, phone, name FROM members ORDER BY uid;
         SELECT member_id, seq, points, expires_at FROM member_centre_lots ORDER BY 1, 2;
         SELECT member_id, points, stored_value FROM member_centre_balances ORDER BY 1;
         SELECT code, status FROM coupons ORDER BY 1;
         SELECT count(*) FROM coupon_events;
         SELECT code, sku_id FROM barcodes ORDER BY 1;
         SELECT p.code, p.unit, c.path FROM products p JOIN categories c ON c.id = p.category_id
           ORDER BY 1;
         SELECT stream, cursor FROM sync_cursors ORDER BY 1" | md5sum
}

section "coupon templates reach both stores from the centre"
jq '{templates}' "$DEMO/coupons.json" >"$T/templates.json"
"$MALLPOS_CENTRAL" coupon import "$T/templates.json" >/dev/null \
  || { echo "Bail out! the centre refused the demo coupon templates"; exit 1; }
expect 0 "A syncs" sync now
expect_b 0 "B syncs" sync now

section "points earned at A: B holds them lot by lot, with their expiry"
expect 0 "register 王芳 at A (registration bonus)" member register --phone 13700009999 --name 王芳 \
  --cashier 1001 --json
CARD=$(jq -r .card_no "$OUT")
A_ID=$(sql "SELECT id FROM members WHERE phone = '13700009999'")
LOT=$(sql "SELECT remaining || '|' || expires_at FROM points_lots WHERE member_id = $A_ID
           AND status = 'confirmed' ORDER BY id LIMIT 1")
LOT_POINTS=${LOT%|*} LOT_EXPIRES=${LOT#*|}
[ "${LOT_POINTS:-0}" -gt 0 ] && [ -n "$LOT_EXPIRES" ] && pass "A holds a lot of $LOT_POINTS points expiring at $LOT_EXPIRES" \
  || { echo "Bail out! no expiring lot at A ($LOT)"; exit 1; }
A_POINTS=$(sql "SELECT points_available + points_pending FROM members WHERE id = $A_ID")
expect 0 "A syncs" sync now
same "$(psql_value "SELECT available || '|' || expires_at FROM points_lots WHERE account = 'S001/T01#member:$A_ID' ORDER BY lot LIMIT 1")" \
  "$LOT_POINTS|$LOT_EXPIRES" "the centre holds the lot with its points and expiry"
expect_b 0 "B syncs" sync now
B_ID=$(sql_b "SELECT id FROM members WHERE phone = '13700009999'")
same "$(sql_b "SELECT points || '|' || expires_at FROM member_centre_lots WHERE member_id = $B_ID ORDER BY seq LIMIT 1")" \
  "$LOT_POINTS|$LOT_EXPIRES" "B holds A's lot with its expiry"
expect_b 0 "B looks her up" member lookup 13700009999 --json
same "$(jq -r '.centre_balance | "\(.points)|\(.points_expired)|\(.next_expiry)"' "$OUT")" \
  "$A_POINTS|0|$LOT_EXPIRES" "B counts A's points and says when they expire"
expect_b 0 "B looks her up (text)" member lookup 13700009999
mentions "$OUT" "of them expire on" "the cashier reads when they expire"
after=$(date -d "@$((LOT_EXPIRES + 86400))" --iso-8601=seconds)
MALLPOS_NOW=$after expect_b 0 "B looks her up a day past the lot's expiry" member lookup 13700009999 --json
same "$(jq -r '.centre_balance | "\(.points)|\(.points_expired)"' "$OUT")" \
  "$((A_POINTS - LOT_POINTS))|$LOT_POINTS" \
  "B stops counting the expired lot by its own clock, before A pushes the expiry"
MALLPOS_NOW=$after expect_b 0 "and tells the cashier" member lookup 13700009999
mentions "$OUT" "have expired and are not counted" "the cashier reads that points expired"
same "$(sql_b "SELECT (points_available + points_pending) FROM members WHERE id = $B_ID")" "0" \
  "B's own ledger still holds nothing for her"
expect_b 0 "B's integrity check holds" check

section "a coupon issued at A is usable at B, then refused at A"
expect 0 "A issues her a coupon" coupon issue --template MJ100-10 --member "$CARD" --cashier 1001 --supervisor 9001
COUPON=$(sql "SELECT code FROM coupons WHERE member_id = $A_ID")
[ -n "$COUPON" ] && pass "coupon $COUPON issued at A" || { echo "Bail out! no coupon at A"; exit 1; }
expect 0 "A syncs" sync now
same "$(psql_value "SELECT status FROM member_coupons WHERE code = '$COUPON'")" "issued" \
  "the centre holds her coupon"
expect_b 0 "B syncs" sync now
mentions "$OUT" "member coupons: 1 new here" "sync now says a coupon arrived"
same "$(sql_b "SELECT status || '|' || member_id FROM coupons WHERE code = '$COUPON'")" "issued|$B_ID" \
  "B holds her coupon under the same code"
before=$(b_state)
sql_b "UPDATE sync_cursors SET cursor = 0"
expect_b 0 "B pulls every stream again from 0" sync now
same "$(b_state)" "$before" "a replayed pull changes nothing (lots, coupons, ledger rows)"
jq --arg card "$CARD" --arg c "$COUPON" '.member = $card | .coupons = [$c]' "$DEMO/sale.json" >"$T/sale-coupon.json"
expect_b 0 "B sells to her with the coupon" sale <"$T/sale-coupon.json"
same "$(sql_b "SELECT status FROM coupons WHERE code = '$COUPON'")" "redeemed" "the coupon is used at B"
expect_b 0 "B syncs" sync now
same "$(psql_value "SELECT status FROM member_coupons WHERE code = '$COUPON'")" "redeemed" \
  "the centre learns it was used"
expect 0 "A syncs" sync now
mentions "$OUT" "1 used elsewhere and voided here" "sync now at A says the coupon was used elsewhere"
same "$(sql "SELECT status FROM coupons WHERE code = '$COUPON'")" "void" "A voids its copy"
same "$(sql "SELECT actor || '|' || reason FROM coupon_events WHERE code = '$COUPON' AND kind = 'void'")" \
  "centre|used at another store of the mall" "with a ledger row saying why"
jq --arg c "$COUPON" '.member = "13700009999" | .coupons = [$c]' "$DEMO/sale.json" >"$T/sale-again.json"
expect 6 "A refuses the used coupon" sale <"$T/sale-again.json"
expect 0 "A syncs its void" sync now
same "$(psql_value "SELECT status FROM member_coupons WHERE code = '$COUPON'")" "redeemed" \
  "the centre keeps the first use (a status never moves back)"
expect 0 "A's integrity check holds" check

section "prices: category, unit and extra barcodes"
"$MALLPOS_CENTRAL" price set 6900000000014 "鲜榨橙汁 1L" 12.80 --category 饮料/果汁 --unit piece \
  --barcode 6900000000021 --barcode 6900183401066 >"$T/p.out" 2>&1 \
  && pass "the centre takes a product with its category, unit and barcodes" || fail "price set failed"
"$MALLPOS_CENTRAL" price set 100001 "康师傅红烧牛肉面" 4.60 --category 食品/速食 >/dev/null
"$MALLPOS_CENTRAL" price set 6900000000038 x 1.00 --unit box >"$T/p.out" 2>&1
same "$?" "2" "a unit that is not piece or weight: usage (exit 2)"
mentions "$T/p.out" "--unit piece or weight" "says which units there are"
expect_b 0 "B syncs" sync now
mentions "$OUT" "1 barcodes from the centre were left out" "a barcode another product holds is left out and said"
expect_b 0 "B finds the new product by its extra barcode" product 6900000000021 --json
same "$(jq -r '.[0].category // .[0].category_path' "$OUT")" "饮料/果汁" "in the centre's category"
same "$(sql_b "SELECT s.code FROM barcodes b JOIN skus s ON s.id = b.sku_id WHERE b.code = '6900183401066'")" \
  "100001" "the barcode stays with the product that held it"
same "$(sql_b "SELECT c.path FROM skus s JOIN products p ON p.id = s.product_id
               JOIN categories c ON c.id = p.category_id WHERE s.code = '100001'")" "食品/速食" \
  "a known product takes the centre's category"
same "$(sql_b "SELECT p.name FROM skus s JOIN products p ON p.id = s.product_id WHERE s.code = '100001'")" \
  "康师傅红烧牛肉面" "and keeps its name"
expect_b 0 "B's integrity check holds" check

section "hostile pages are refused whole and change nothing"
before=$(b_state)
hostile ()
{
  local stream=$1 desc=$2
  cat >"$T/hostile.json"
  proxy_mode page "$stream" "$T/hostile.json"
  expect_b 1 "$desc: refused" sync now
  same "$(b_state)" "$before" "$desc: nothing applied"
  proxy_mode pass
}
UID_WANG=$(sql "SELECT uid FROM members WHERE id = $A_ID")
member_page ()
{
  printf '{"protocol":1,"stream":"members","items":[{"uid":"%s","name":"王芳","phone":null,"level":null,"birthday":null,"gender":null,"created_at":1,"cards":[],"points":0,"stored_value":"0.00",%s,"change":1}],"cursor":1,"more":false}' "$UID_WANG" "$1"
}
member_page '"points_lots":[{"points":1e300,"expires_at":null}]' | hostile members "a lot of 1e300 points"
member_page '"points_lots":[{"points":-5,"expires_at":null}]' | hostile members "a lot of negative points"
member_page '"points_lots":[{"points":"5","expires_at":null}]' | hostile members "points as a string"
member_page '"points_lots":[{"points":5,"expires_at":1.5}]' | hostile members "an expiry with a fraction"
member_page '"points_lots":[{"points":5,"expires_at":null,"extra":1}]' | hostile members "a lot with an unknown key"
member_page '"points_lots":{"points":5}' | hostile members "lots as an object"
member_page "\"points_lots\":[$(printf '{"points":1},%.0s' $(seq 1 1000)){\"points\":1}]" \
  | hostile members "1001 lots"
member_page '"coupons":[{"code":"X1","template":"MJ100-10","status":"used","valid_from":0,"valid_to":9}]' \
  | hostile members "a coupon status that is no status"
member_page '"coupons":[{"code":"X 1;--","template":"MJ100-10","status":"issued","valid_from":0,"valid_to":9}]' \
  | hostile members "a coupon code with spaces and symbols"
member_page '"coupons":[{"code":"X1","template":"MJ100-10","status":"issued","valid_from":9,"valid_to":9}]' \
  | hostile members "a coupon valid for no time"
price_page ()
{
  printf '{"protocol":1,"stream":"prices","items":[{"code":"6900000000014","name":"x","price":"1.00",%s,"change":1}],"cursor":1,"more":false}' "$1"
}
price_page '"unit":"box"' | hostile prices "a unit that is no unit"
price_page '"category":"/饮料"' | hostile prices "a category path starting with /"
price_page '"category":"a\nb"' | hostile prices "a category with a line break"
price_page "\"barcodes\":[$(printf '"6900000000021",%.0s' $(seq 1 16))\"1\"]" | hostile prices "17 barcodes"
price_page '"barcodes":["69000000000211234567890123456789X"]' | hostile prices "a 33-character barcode"
price_page '"barcodes":[6900000000021]' | hostile prices "a barcode as a number"
price_page '"barcodes":"6900000000021"' | hostile prices "barcodes as a text"
expect_b 0 "once the fault is gone B syncs" sync now

section "a push whose member coupons are hostile is refused whole"
TOKEN=$(sql "SELECT token FROM sync_enrolment")
NEXT=$(( $(psql_value "SELECT contiguous_seq FROM terminals WHERE store_id = 'S001'") + 1 ))
held=$(psql_value "SELECT count(*) || '|' || (SELECT count(*) FROM member_coupons) FROM entries")
push_with_coupons ()
{
  printf '{"protocol":1,"entries":[{"seq":%d,"id":"0190f6a2-0000-7000-8000-%012d","kind":"test","ref_id":"x","created_at":1,"payload":{}}],"members":[{"uid":"%s","local_id":%d,"name":"王芳","cards":[],"coupons":%s}]}' \
    "$NEXT" "$NEXT" "$UID_WANG" "$A_ID" "$1" >"$T/push.json"
  curl -s -k -o "$T/push.out" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -H 'MallPOS-Protocol: 1' -H 'Content-Type: application/json' --data-binary "@$T/push.json" \
    "https://127.0.0.1:$PORT_a/v1/push"
}
for bad in '[{"code":"X1","template":"T","status":"used","valid_from":0,"valid_to":9}]' \
           '[{"code":"X1","template":"T","status":"issued","valid_from":9,"valid_to":1}]' \
           '[{"code":"X1","template":"T","status":"issued","valid_from":"0","valid_to":9}]' \
           '[{"code":"","template":"T","status":"issued","valid_from":0,"valid_to":9}]' \
           '"PF5XDD12NRRBWT6V"' '[1]'; do
  same "$(push_with_coupons "$bad")" "400" "the centre refuses coupons $bad (400)"
  mentions "$T/push.out" "bad_request" "and says the request is bad"
done
same "$(psql_value "SELECT count(*) || '|' || (SELECT count(*) FROM member_coupons) FROM entries")" \
  "$held" "nothing of the refused pushes was kept"
central_invariants "after the hostile pushes"

section "a training store and a store that sells never see each other's members"
C="$T/store-c.db"
other_store "$C" S003 "$PORT_a" production
MALLPOS_STORE=$C expect 0 "register 李雷 at the selling store C" member register --phone 13600001111 \
  --name 李雷 --cashier 1001
MALLPOS_STORE=$C expect 0 "C syncs" sync now
mentions "$OUT" "members: 0 new, 1 brought up to date" "C gets its own member back, nothing of the training stores"
same "$(psql_value "SELECT store_id || ':' || training FROM terminals ORDER BY 1")" \
  "S001:true
S002:true
S003:false" "the centre knows which stores train"
MALLPOS_STORE=$C expect 3 "C does not know 王芳 (a training store's member)" member lookup 13700009999
expect 0 "A syncs" sync now
expect 3 "A does not know 李雷 (a selling store's member)" member lookup 13600001111
same "$(psql_value "SELECT count(*) FROM entries e JOIN terminals t ON t.id = e.terminal
                    WHERE t.store_id = 'S001' AND NOT e.training")" "0" \
  "every entry of the training store is marked training at the centre"
central_invariants "after three stores"

sync_finish
