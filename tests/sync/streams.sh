#!/bin/bash
# streams.sh — the document pull streams (promotions, coupons, loyalty_rules,
# config; sync/PROTOCOL.md 5.7) and a price changed at the centre, against a
# real mallpos-central on a throwaway PostgreSQL: what IT imports at the
# centre arrives at the counter after the next pull, each page with its
# cursor in one transaction; a replayed pull (cursors at 0) writes nothing,
# not even an audit row or a journal entry; a 410 forces a paged snapshot
# that changes nothing; a document the core would refuse never enters a
# stream; a setting unset at the centre is unset at the terminal.
. "$(dirname "$0")/lib.sh"
export MALLPOS_SYNC_TIMEOUT_MS=4000

pg_start
make_certs
central_start a
enrolled_store

# state — what the document streams leave at the terminal, and what would
# grow if a replay wrote anything.
state ()
{
  sql "SELECT code, definition FROM promotions ORDER BY code;
       SELECT code, definition FROM coupon_templates ORDER BY code;
       SELECT key, value FROM settings WHERE key = 'loyalty_rules' OR key LIKE 'receipt%' ORDER BY key;
       SELECT count(*) FROM audit; SELECT count(*) FROM journal;
       SELECT stream, cursor FROM sync_cursors ORDER BY 1" | md5sum
}

section "a price changed at the centre is the price at the counter"
expect 0 "the demo's instant noodles" product 100001 --json
old_price=$(jq -r '.[0].price' "$OUT")
"$MALLPOS_CENTRAL" price set 100001 12.80 >"$T/p.out" 2>&1
same "$?" "3" "price set without a name for a code the centre does not hold: exit 3"
mentions "$T/p.out" "give its name too" "says to give the name"
"$MALLPOS_CENTRAL" price set 100001 "康师傅红烧牛肉面" 12.80 >/dev/null || fail "price set with a name"
"$MALLPOS_CENTRAL" price set 100001 12.90 >"$T/p.out" || fail "price set of a known code"
mentions "$T/p.out" "康师傅红烧牛肉面: 12.90" "the centre keeps the name it holds"
expect 0 "the terminal syncs" sync now
mentions "$OUT" "1 prices changed" "one price changed"
expect 0 "the noodles again" product 100001 --json
same "$(jq -r '.[0].price' "$OUT")" "12.90" "the counter sells them at 12.90 now (was $old_price)"
"$MALLPOS_CENTRAL" price set 100001 abc 2>"$ERR"; same "$?" "2" "a price that is no amount: usage (exit 2)"
mentions "$ERR" "like 12.50" "says what a price looks like"

section "IT imports promotions, coupon templates, loyalty rules and a setting at the centre"
jq '.promotions[0].name = "饮料限时八折" | .promotions[0].percent_off = "20%"' "$DEMO/promotions.json" \
  >"$T/promotions.json"
"$MALLPOS_CENTRAL" promotion import "$T/promotions.json" >"$T/c.out" || fail "promotion import"
mentions "$T/c.out" "changed: at every terminal's next pull" "the centre says when it takes effect"
"$MALLPOS_CENTRAL" coupon import <(jq '{templates}' "$DEMO/coupons.json") >/dev/null || fail "coupon import"
jq '.points.burn.minimum = 200' "$DEMO/loyalty-rules.json" >"$T/rules.json" 2>/dev/null
[ -s "$T/rules.json" ] && "$MALLPOS_CENTRAL" rule import "$T/rules.json" >/dev/null || fail "rule import"
"$MALLPOS_CENTRAL" config set receipt.returns_policy "凭小票七日内退换" >/dev/null || fail "config set"
expect 0 "the terminal syncs" sync now
mentions "$OUT" "settings: " "sync now counts the documents"
same "$(sql "SELECT json_extract(definition, '$.name') FROM promotions WHERE code = 'FLASH-DRINK'")" \
  "饮料限时八折" "the changed promotion is the one the counter prices with"
same "$(sql "SELECT count(*) FROM coupon_templates")" "$(jq '.templates | length' "$DEMO/coupons.json")" \
  "every coupon template arrived"
same "$(sql "SELECT json_extract(value, '$.points.burn.minimum') FROM settings WHERE key = 'loyalty_rules'")" \
  "200" "the loyalty rules are the centre's"
expect 0 "the receipt settings" receipt-settings
mentions "$OUT" "凭小票七日内退换" "the returns policy set at the centre prints here"
same "$(sql "SELECT count(*) FROM audit WHERE actor = 'centre'")" \
  "$(( $(jq '.templates | length' "$DEMO/coupons.json") + 1 ))" \
  "each coupon template and the rules are audited as the centre's import"

section "a replayed pull writes nothing"
before=$(state)
expect 0 "pull again" sync now
same "$(state)" "$before" "pulling again changes nothing"
sql "UPDATE sync_cursors SET cursor = 0"
expect 0 "every stream again from 0" sync now
mentions "$OUT" "settings: 0 changed" "no document changed the second time"
same "$(state)" "$before" "replayed pages write nothing: no audit row, no journal entry"

section "a 410 forces a snapshot that changes nothing"
proxy_start "$PORT_a"
use_centre "$PROXY_PORT"
"$MALLPOS_CENTRAL" config set receipt.returns_policy "凭小票十五日内退换" >/dev/null
audit=$(sql "SELECT count(*) FROM audit")
proxy_mode gone
expect 0 "sync while the centre answers 410" sync now
mentions "$OUT" "full snapshot was taken" "sync now says a snapshot was taken"
expect 0 "the receipt settings" receipt-settings
mentions "$OUT" "凭小票十五日内退换" "the snapshot carried the new setting"
same "$(sql "SELECT count(*) FROM audit")" "$audit" "the snapshot re-imported nothing"
proxy_mode pass

section "a setting unset at the centre is unset here"
"$MALLPOS_CENTRAL" config unset receipt.returns_policy >/dev/null || fail "config unset"
expect 0 "sync" sync now
expect 0 "the receipt settings" receipt-settings
lacks "$OUT" "十五日" "the returns policy is gone"

section "what the centre refuses"
echo '{"promotions": [{"code": "BAD"}]}' >"$T/bad.json"
"$MALLPOS_CENTRAL" promotion import "$T/bad.json" 2>"$ERR"; same "$?" "2" "a bad promotion: exit 2"
mentions "$ERR" "nothing was imported" "says nothing was imported"
"$MALLPOS_CENTRAL" coupon import "$DEMO/coupons.json" 2>"$ERR"; same "$?" "2" "level benefits: exit 2"
mentions "$ERR" "at each store" "says where level benefits are set"
"$MALLPOS_CENTRAL" config set receipt.nonsense x 2>"$ERR"; same "$?" "2" "an unknown setting: exit 2"
mentions "$ERR" "no setting the terminals take" "names the problem"
"$MALLPOS_CENTRAL" rule import /nonexistent.json 2>"$ERR"; same "$?" "2" "a missing file: exit 2"
same "$(psql_value "SELECT count(*) FROM documents WHERE key = 'BAD'")" "0" "nothing of them is kept"
expect 0 "the terminal still syncs" sync now

section "a document the terminal refuses stops its stream, applying nothing"
before=$(state)
psql_value "INSERT INTO documents VALUES ('promotions', 'ODD', '{\"code\": \"ODD\"}', nextval('document_change'))" >/dev/null
expect 4 "sync fails on the refused promotion (exit 4: bad data)" sync now
mentions "$ERR" "promotions “ODD” from the centre" "names the stream and the document"
same "$(state)" "$before" "nothing of the page was applied"
psql_value "DELETE FROM documents WHERE key = 'ODD'" >/dev/null

sync_finish
