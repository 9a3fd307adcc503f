#!/bin/bash
# staff.sh — `mallposctl staff …` as a manager uses it: the first manager,
# staff added with PINs read from standard input (never argv), the same
# refusal for an unknown number and a wrong PIN, the lockout, a PIN reset,
# disabling, permissions per role; every privileged verb refuses without a
# valid credential of the right role (exit 9).
. "$(dirname "$0")/lib.sh"
"$MALLPOSCTL" init --from "$DEMO/store.json" >/dev/null
"$MALLPOSCTL" import loyalty-rules "$DEMO/loyalty-rules.json" >/dev/null
"$MALLPOSCTL" import members "$DEMO/members.json" >/dev/null

section "the first manager, then staff approved by them"
expect 0 "no staff yet" staff list
mentions "$OUT" "add the store's first manager" "says how to begin"
expect 9 "the first member of staff must be a manager" staff add 2001 --name 李主管 --role supervisor <<<"200100"
mentions "$ERR" "needs a manager's credential" "… and says so"
expect 0 "the first manager, PIN on stdin" staff add 9001 --name 王经理 --role manager <<<"900100"
expect 9 "a second manager needs the first one's approval" staff add 9002 --name 赵经理 --role manager <<<"900200"
printf '200100\n900100\n' >"$T/pins"
expect 0 "supervisor 2001, approved by 9001 (PINs on stdin)" staff add 2001 --name 李主管 --role supervisor --manager 9001 <"$T/pins"
printf '100100\n000000\n' >"$T/pins"
expect 9 "a wrong manager PIN adds nobody" staff add 1001 --name 张三 --role cashier --manager 9001 <"$T/pins"
printf '100100\n' >"$T/pins"
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "cashier 1001, the manager's PIN from MALLPOS_SUPERVISOR_PIN" \
  staff add 1001 --name 张三 --role cashier --manager 9001 <"$T/pins"
MALLPOS_SUPERVISOR_PIN=900100 expect 6 "a staff number is taken once" staff add 1001 --name 又一个 --role cashier --manager 9001 <"$T/pins"
expect 4 "a PIN is 4 to 8 digits" staff add 1002 --name 李四 --role cashier <<<"12a4"
mentions "$ERR" "4 to 8 digits" "… says what a PIN is"
expect_usage "an unknown role" staff add 1002 --name 李四 --role boss
expect_usage "a PIN is never an argument" staff add 1002 --name 李四 --role cashier --pin 1234
expect 0 "staff list --json" staff list --json
same "$(jq -r '[.[] | .number + ":" + .role] | join(" ")' "$OUT")" \
  "1001:cashier 2001:supervisor 9001:manager" "three staff with their roles"
lacks "$OUT" "argon2" "the list shows no PIN hash"
expect 0 "staff --help" staff --help
mentions "$OUT" "never arguments" "--help says PINs are never arguments"
mentions "$OUT" "MALLPOS_SUPERVISOR_PIN" "… and where they come from"
same "$(sql "SELECT count(*) FROM journal WHERE payload LIKE '%argon2%'")" "0" "the journal carries no PIN hash"

section "an unknown number and a wrong PIN read alike; five wrong PINs lock"
MALLPOS_SUPERVISOR_PIN=999999 expect 9 "a wrong PIN" points adjust "$LINA" --points 10 --reason x --supervisor 2001
cp "$ERR" "$T/wrong"
MALLPOS_SUPERVISOR_PIN=200100 expect 9 "an unknown staff number" points adjust "$LINA" --points 10 --reason x --supervisor 2999
same "$(cat "$ERR")" "$(cat "$T/wrong")" "the same words for both"
for i in 2 3 4; do
  MALLPOS_SUPERVISOR_PIN=999999 run points adjust "$LINA" --points 10 --reason x --supervisor 2001
done
MALLPOS_SUPERVISOR_PIN=999999 expect 9 "the fifth wrong PIN locks" points adjust "$LINA" --points 10 --reason x --supervisor 2001
mentions "$ERR" "locked after 5 wrong PINs until 10:15" "… until when"
MALLPOS_SUPERVISOR_PIN=200100 expect 9 "locked: the right PIN too" points adjust "$LINA" --points 10 --reason x --supervisor 2001
same "$(sql "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE actor = '2001' AND action LIKE 'staff_%' ORDER BY id)")" \
  "staff_sign_in_failed staff_sign_in_failed staff_sign_in_failed staff_sign_in_failed staff_locked" \
  "four failures and the lock are audited"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'staff_sign_in_failed' AND ref = 'staff:2999'")" "1" \
  "the unknown number's try is audited too"
printf '200200\n' >"$T/pins"
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "the manager sets a new PIN (clears the lock)" staff set-pin 2001 --manager 9001 <"$T/pins"
MALLPOS_SUPERVISOR_PIN=200200 expect 0 "2001 approves again" points adjust "$LINA" --points 10 --reason 补偿 --supervisor 2001
same "$(sql "SELECT approved_by FROM audit WHERE action = 'points_adjust'")" "2001" "the audit names the approver"
same "$(sql "SELECT json_extract(payload, '\$.approved_by') FROM journal WHERE kind = 'points_adjust'")" "2001" \
  "… and so does the journal entry"
printf '200300\n200200\n' >"$T/pins"
env -u MALLPOS_SUPERVISOR_PIN "$MALLPOSCTL" staff set-pin 2001 <"$T/pins" >"$OUT" 2>"$ERR"
same "$?" "0" "2001 changes their own PIN with the old one"

section "roles and permissions"
MALLPOS_SUPERVISOR_PIN=100100 expect 9 "a cashier may not approve an adjustment" points adjust "$LINA" --points 10 --reason x --supervisor 1001
mentions "$ERR" "may not approve a points correction" "… says which permission, in words"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'permission_refused' AND actor = '1001'")" "1" "the refusal is audited"
expect 9 "no credential at all" points adjust "$LINA" --points 10 --reason x
MALLPOS_SUPERVISOR_PIN=200300 expect 9 "a supervisor may not grant points by hand" \
  points grant "$LINA" --source campaign --points 10 --reason x --supervisor 2001
MALLPOS_SUPERVISOR_PIN=200300 expect 9 "a supervisor may not change permissions" staff permit cashier points_adjust --manager 2001
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "the manager lets cashiers adjust points" staff permit cashier points_adjust --manager 9001
MALLPOS_SUPERVISOR_PIN=100100 expect 0 "now the cashier may" points adjust "$LINA" --points 10 --reason x --supervisor 1001
expect 0 "staff permissions --json" staff permissions --json
same "$(jq -r '.points_adjust | join(" ")' "$OUT")" "cashier supervisor manager" "the table shows it"
expect_usage "an unknown action" staff permit cashier fly --manager 9001

section "the store's limits"
expect 0 "staff policy" staff policy --json
same "$(jq -r '.discount_limit' "$OUT")" "1000" "the discount limit is 10 % by default"
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "the manager sets it to 5 %" staff policy discount_limit 500 --manager 9001
mentions "$OUT" "discount_limit         500" "the new limit is shown"
MALLPOS_SUPERVISOR_PIN=200300 expect 9 "a supervisor may not change it" staff policy discount_limit 9000 --manager 2001
expect_usage "an unknown policy" staff policy fly 1 --manager 9001
same "$(sql "SELECT approved_by FROM audit WHERE action = 'setting_change'")" "9001" "the change is audited"

section "the store sets its lockouts; a manager unlocks"
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "three wrong staff PINs lock" staff policy staff_pin_failures 3 --manager 9001
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "for 60 minutes" staff policy staff_lock_minutes 60 --manager 9001
MALLPOS_SUPERVISOR_PIN=900100 expect 4 "a lockout needs at least one failure" staff policy staff_pin_failures 0 --manager 9001
mentions "$ERR" "from 1 to 20" "… says the range"
for i in 1 2; do
  MALLPOS_SUPERVISOR_PIN=999999 run points adjust "$LINA" --points 10 --reason x --supervisor 2001
done
same "$RC" 9 "two wrong PINs are refused"
lacks "$ERR" "locked" "… and do not lock yet"
MALLPOS_SUPERVISOR_PIN=999999 expect 9 "the third locks" points adjust "$LINA" --points 10 --reason x --supervisor 2001
mentions "$ERR" "locked after 3 wrong PINs until 11:" "… for the store's 60 minutes"
MALLPOS_SUPERVISOR_PIN=200300 expect 9 "a supervisor may not unlock" staff unlock 2001 --manager 2001
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "the manager unlocks 2001" staff unlock 2001 --manager 9001
MALLPOS_SUPERVISOR_PIN=200300 expect 0 "2001 approves again at once" points adjust "$LINA" --points 10 --reason x --supervisor 2001
same "$(sql "SELECT approved_by FROM audit WHERE action = 'staff_unlock'")" "9001" "the unlock is audited with its approver"
same "$(sql "SELECT json_extract(payload, '\$.approved_by') FROM journal WHERE kind = 'staff_unlock' AND ref_id = 'staff:2001'")" "9001" \
  "… and journaled for the centre"
MALLPOS_SUPERVISOR_PIN=900100 expect 3 "nothing to unlock" staff unlock 2001 --manager 9001
mentions "$ERR" "nothing to unlock" "… says so"

section "staff cards"
CARD=04A1B2C3D4
printf '%s\n' "$CARD" >"$T/card"
MALLPOS_SUPERVISOR_PIN=200100 expect 9 "a supervisor may not give cards" staff add-card 2001 --manager 2001 <"$T/card"
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "the manager gives 2001 a card (scanned on stdin)" staff add-card 2001 --manager 9001 <"$T/card"
MALLPOS_SUPERVISOR_PIN=900100 MALLPOS_STAFF_CARD=$CARD expect 6 "the same card twice" staff add-card 9001 --manager 9001
same "$(sql "SELECT count(*) FROM staff_cards WHERE number = '2001' AND length (card_hash) = 32")" 1 "kept as a 32-byte hash"
same "$(sql "SELECT count(*) FROM staff_cards WHERE hex (card_hash) LIKE '%$(printf %s "$CARD" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)%'")" 0 \
  "… not the card's code"
MALLPOS_STAFF_CARD=$CARD MALLPOS_SUPERVISOR_PIN=200300 expect 0 "card + PIN approves" \
  points adjust "$LINA" --points 10 --reason 卡 --supervisor card
same "$(sql "SELECT approved_by FROM audit WHERE action = 'points_adjust' ORDER BY id DESC LIMIT 1")" 2001 \
  "the audit names the card's owner"
MALLPOS_STAFF_CARD=$CARD MALLPOS_SUPERVISOR_PIN=999999 expect 9 "card + a wrong PIN is refused" \
  points adjust "$LINA" --points 10 --reason 卡 --supervisor card
env -u MALLPOS_SUPERVISOR_PIN MALLPOS_STAFF_CARD=$CARD "$MALLPOSCTL" points adjust "$LINA" --points 10 --reason 卡 --supervisor card >"$OUT" 2>"$ERR"
same "$?" 9 "the card alone is refused by default (exit 9)"
mentions "$ERR" "wants the PIN with a staff card" "… and says the PIN is wanted"
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "the store lets a card alone sign in" staff policy staff_card_alone 1 --manager 9001
env -u MALLPOS_SUPERVISOR_PIN MALLPOS_STAFF_CARD=$CARD "$MALLPOSCTL" points adjust "$LINA" --points 10 --reason 卡 --supervisor card >"$OUT" 2>"$ERR"
same "$?" 0 "now the card alone approves"
env -u MALLPOS_SUPERVISOR_PIN MALLPOS_STAFF_CARD=FFEEDDCC99 "$MALLPOSCTL" points adjust "$LINA" --points 10 --reason 卡 --supervisor card >"$OUT" 2>"$ERR"
same "$?" 9 "an unknown card is refused (exit 9)"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'staff_card_refused'")" 1 "… and audited"
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "the manager takes 2001's cards" staff remove-card 2001 --manager 9001
env -u MALLPOS_SUPERVISOR_PIN MALLPOS_STAFF_CARD=$CARD "$MALLPOSCTL" points adjust "$LINA" --points 10 --reason 卡 --supervisor card >"$OUT" 2>"$ERR"
same "$?" 9 "a removed card approves nothing"
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "back to card + PIN" staff policy staff_card_alone 0 --manager 9001
same "$(sql "SELECT group_concat(kind, ' ') FROM journal WHERE kind LIKE 'staff_card%'")" "staff_card_add staff_card_remove" \
  "adding and removing cards is journaled"
same "$(sql "SELECT count(*) FROM journal WHERE payload LIKE '%$CARD%'")" 0 "the journal never carries a card"

section "disabling"
MALLPOS_SUPERVISOR_PIN=900100 expect 4 "the last manager stays" staff disable 9001 --manager 9001
MALLPOS_SUPERVISOR_PIN=900100 expect 0 "disable 1001" staff disable 1001 --manager 9001
MALLPOS_SUPERVISOR_PIN=100100 expect 9 "a disabled number is refused like a wrong PIN" points adjust "$LINA" --points 10 --reason x --supervisor 1001
same "$(cat "$ERR")" "$(cat "$T/wrong")" "… in the same words"
finish
