#!/bin/bash
# privileged-verbs.sh — issue 15 as a hostile tester: every mallposctl verb
# that needs a supervisor or a manager, listed here, refuses (exit 9) with no
# credential, with a wrong PIN and with a cashier's credential, and changes
# nothing but the audit of its refusal; the store's settings (imports,
# receipt settings, identity, language) need the `settings` permission
# (a manager), and each approved change is audited with its approver.
. "$(dirname "$0")/lib.sh"

WANG=8800000000060
demo_store
expect 0 "loyalty rules (MALLPOS_MANAGER names the manager)" import loyalty-rules "$DEMO/loyalty-rules.json"
expect 0 "top up 100.00" stored-value top-up "$LINA" --amount 100.00 --cashier 1001
TOPUP=$(sql "SELECT receipt_no FROM sv_top_ups LIMIT 1")
expect 0 "the member's payment PIN" stored-value set-pin "$LINA" --supervisor 9001 <<<"123456"
printf '{"batch":"p","types":[{"code":"GC100","name":"购物卡","sku":"990100","face_value":"100.00"}],"cards":[{"serial":"GC100-000001","pin":"7KQ4M2XP9WTA","type":"GC100"}]}' >"$T/cards.json"
printf 'sku,product,name,spec,category,unit,barcodes,plu,price,member_prices,tax_rate,stock\n%s\n' \
  '990100,GC100,100元购物卡,,礼品卡/购物卡,piece,,,100.00,,0,0' >"$T/cards.csv"
expect 0 "the card product" import catalog "$T/cards.csv" --manager 9001
expect 0 "one gift card" gift-card import "$T/cards.json" --manager 9001
expect 0 "the demo coupon templates" coupon templates import "$DEMO/coupons.json" --manager 9001
expect 0 "a return without a receipt, waiting for approval" return --no-receipt --cashier 1001 --reason x \
  <<<'{"cashier": "1001", "lines": [{"code": "6982959570664", "qty": 1}]}'
PENDING=$(sql "SELECT receipt_no FROM sales WHERE status = 'pending_approval'")
MALLPOS_STAFF_CARD=04C0FFEE expect 0 "a staff card for 2001" staff add-card 2001 --manager 9001
# Locked after wrong secrets (as five wrong tries leave it), to be unlocked.
sql "UPDATE gift_cards SET pin_failures = 5, locked_at = 1 WHERE serial = 'GC100-000001'"

# Everything but the audit (a refusal is audited) and the staff counters
# (a wrong PIN counts).
business () { sqlite3 -batch "$MALLPOS_STORE" .dump | grep -Ev '^INSERT INTO "?(audit|staff|row_chain)"? '; }

# Each line: the verb and its arguments; the credential option is added.
cat >"$T/verbs" <<EOF
--supervisor points adjust $LINA --points 10 --reason x
--supervisor points freeze $LINA --reason x
--supervisor points unfreeze $LINA --reason x
--supervisor points grant $LINA --source campaign --points 10 --reason x
--supervisor points transfer $LINA $WANG --points 10 --reason x
--supervisor stored-value refund-top-up $TOPUP --reason x --cashier 1001
--supervisor stored-value unlock-pin $LINA
--supervisor gift-card freeze GC100-000001 --reason x
--supervisor gift-card unlock GC100-000001
--supervisor report liability
--supervisor report x
--supervisor report z
--supervisor report analysis sales-by-hour
--supervisor stored-value set-pin $LINA
--supervisor approve-return $PENDING
--supervisor reject-return $PENDING --reason x
--supervisor coupon issue --template MJ100-10 --member $LINA --count 50 --cashier 1001
--supervisor coupon campaign --template MJ100-10 --campaign X1 --member $LINA --cashier 1001
--manager shift accept
--manager staff add 1009 --name 新人 --role cashier
--manager staff add-card 1001
--manager staff remove-card 2001
--manager staff unlock 2001
--manager staff disable 2001
--manager staff permit cashier points_adjust
--manager staff forbid supervisor points_adjust
--manager staff policy discount_limit 9000
--manager import catalog $DEMO/catalog.csv
--manager import prices $T/prices.csv
--manager import promotions $DEMO/promotions.json
--manager import members $DEMO/members.json
--manager import loyalty-rules $DEMO/loyalty-rules.json
--manager gift-card import $T/cards.json
--manager coupon templates import $DEMO/coupons.json
--manager exchange items import $DEMO/../examples/exchange-items.json
--manager receipt-settings phone 010-12345678
--manager receipt-settings phone --unset
--manager language --set en
--manager init --name 另一家店
--manager sync resolve 1 --note x
EOF
printf 'sku,price,level,effective_from,effective_to\n100205,1.00,,,\n' >"$T/prices.csv"

business >"$T/before"
while read -r option verb; do
  # shellcheck disable=SC2086 # the verb's words
  # (A new staff PIN, where the verb reads one, on standard input.)
  env -u MALLPOS_SUPERVISOR_PIN -u MALLPOS_MANAGER "$MALLPOSCTL" $verb >"$OUT" 2>"$ERR" <<<"100900"
  rc=$?
  # 9 for every missing credential, whether the command or the core notices.
  same "$rc" 9 "$verb: without a credential (exit 9)" || sed 's/^/#   /' "$ERR"
  # shellcheck disable=SC2086
  MALLPOS_SUPERVISOR_PIN=999999 "$MALLPOSCTL" $verb "$option" 9001 >"$OUT" 2>"$ERR" <<<"100900"
  same "$?" 9 "$verb: with a wrong PIN (exit 9)"
  # shellcheck disable=SC2086
  MALLPOS_SUPERVISOR_PIN=100100 "$MALLPOSCTL" $verb "$option" 1001 >"$OUT" 2>"$ERR" <<<"100900"
  same "$?" 9 "$verb: with a cashier's credential (exit 9)"
  # Five wrong PINs would lock 9001: a sign-in with the right PIN clears them.
  MALLPOS_SUPERVISOR_PIN=900100 "$MALLPOSCTL" report liability --supervisor 9001 >/dev/null 2>&1
done <"$T/verbs"
business >"$T/after"
diff "$T/before" "$T/after" | head -n 5 | sed 's/^/#   /'
same "$(md5sum <"$T/after")" "$(md5sum <"$T/before")" "the refused verbs changed nothing but the audit"

section "settings need a manager; each approved change is audited"
MALLPOS_SUPERVISOR_PIN=200100 expect 9 "a supervisor may not change a receipt setting" \
  receipt-settings phone 010-12345678 --manager 2001
mentions "$ERR" "may not approve changing the settings" "… says which permission, in words"
env -u MALLPOS_MANAGER "$MALLPOSCTL" receipt-settings phone 010-12345678 >"$OUT" 2>"$ERR"
same "$?" 9 "no credential: refused (exit 9)"
mentions "$ERR" "changing the store's settings (receipt:phone) needs a manager's staff number and PIN" \
  "… says what it needs"
expect 0 "the manager changes it" receipt-settings phone 010-12345678 --manager 9001
same "$(sql "SELECT approved_by FROM audit WHERE action = 'settings_approved' AND ref = 'settings:receipt:phone'")" 9001 \
  "the change is audited with its approver"
expect 0 "the manager renames the store" init --name 另一家店 --manager 9001
expect 0 "the manager sets the terminal language" language --set zh_CN --manager 9001
same "$(sql "SELECT group_concat(ref, ' ') FROM (SELECT ref FROM audit WHERE action = 'settings_approved' ORDER BY id)")" \
  "settings:import:loyalty-rules settings:import:catalog settings:import:gift-cards settings:import:coupon-templates settings:receipt:phone settings:store:identity settings:terminal:language" \
  "every approved settings change is in the audit"
finish
