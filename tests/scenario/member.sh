#!/bin/bash
# member.sh — members end to end through `mallposctl member`: registration
# and its refusals, lookup by card, phone, last four digits and QR token
# (expired, altered, another member's, garbage), lost and replaced cards in
# a sale, level rules, tags, the phone display policy, and upgrading a store
# made by migration 0001 that already holds members.
. "$(dirname "$0")/lib.sh"
demo_store

member_journal () { sql "SELECT count(*) FROM journal WHERE kind LIKE 'member_%'"; }
member_audit () { sql "SELECT count(*) FROM audit WHERE action LIKE 'member_%'"; }

section "show and lookup"
expect 0 "show member 1" member show 1
has_line "$OUT" "member 1  张伟" "name"
has_line "$OUT" "phone       138****8000" "phone masked"
has_line "$OUT" "cards       8800*****0017  physical  active" "card masked"
lacks "$OUT" "13800138000" "no full phone"
lacks "$OUT" "8800000000017" "no full card"
expect 0 "show --json" member show 1 --json
same "$(jq -r '[.name, .phone, .level.code, .level.discount, .cards[0].card, .cards[0].status] | join(" ")' "$OUT")" \
  "张伟 138****8000 gold 5% 8800*****0017 active" "show --json fields"
expect 0 "lookup by card" member lookup 8800000000017 --json
same "$(jq -r .id "$OUT")" "1" "card finds 张伟"
expect 0 "lookup by phone, as typed" member lookup --phone "138 0013 8000" --json
same "$(jq -r .id "$OUT")" "1" "phone finds 张伟"
expect 0 "lookup by card option" member lookup --card 8800000000022 --json
same "$(jq -r .name "$OUT")" "王芳" "--card finds 王芳"
expect 3 "unknown card" member lookup 8800000000000
mentions "$ERR" "no member with that card or phone number" "unknown card: says so"
expect 3 "--card never falls back to the phone" member lookup --card 13800138000
expect 4 "--phone that is not a mobile number" member lookup --phone 12345
expect_usage "lookup needs exactly one key" member lookup
expect_usage "lookup takes one key only" member lookup --card 8800000000017 --phone 13800138000
expect_usage "show needs a member id" member show abc
expect 3 "show an unknown member" member show 999

section "register"
expect 0 "register with a virtual card" member register --phone "+86 137-0000-1234" --name 孙悦 \
  --birthday 1992-02-29 --gender female --referrer 13800138000 --cashier 1001 --json
VCARD=$(jq -r .card_no "$OUT")
NEW=$(jq -r .id "$OUT")
same "$(jq -r '[.id, .phone, .birthday, .gender, .level.code, .referrer_id] | join(" ")' "$OUT")" \
  "9 137****1234 1992-02-29 female normal 1" "registered: masked phone, birthday, level, referrer"
if [[ "$VCARD" =~ ^89[0-9]{11}$ ]]; then pass "virtual card: 89 + 11 digits"; else fail "virtual card $VCARD"; fi
same "$(member_journal) $(member_audit)" "1 1" "registration: one journal entry, one audit record"
same "$(sql "SELECT kind || ' ' || ref_id FROM journal ORDER BY seq DESC LIMIT 1")" \
  "member_register $(sql "SELECT uid FROM members WHERE id = $NEW")" "journal entry names the member's uid"
expect 0 "register with a physical card" member register --phone 13700001235 --name 周杰 \
  --card 8800000000101 --group staff
has_line "$OUT" "registered member 10, physical card 8800000000101" "physical card registered"
has_line "$OUT" "group       员工 (staff), 10% off" "group shown"

before=$(fingerprint)
expect 6 "duplicate phone" member register --phone 13800138000 --name 重复
mentions "$ERR" "phone 138****8000 already belongs to member 1" "duplicate phone: names the member, masked"
expect 6 "duplicate card" member register --phone 13700009999 --name 重复 --card 8800000000017
mentions "$ERR" "card 8800*****0017 already belongs to a member" "duplicate card: masked"
expect 4 "invalid phone" member register --phone 12800138000 --name 某人
mentions "$ERR" "not a mainland mobile number" "invalid phone: says why"
expect 4 "phone too short" member register --phone 1380013800 --name 某人
expect 4 "invalid birthday" member register --phone 13700009999 --name 某人 --birthday 1990-02-30
expect 4 "invalid gender" member register --phone 13700009999 --name 某人 --gender x
expect 4 "invalid card number" member register --phone 13700009999 --name 某人 --card 12-34
expect 3 "unknown referrer" member register --phone 13700009999 --name 某人 --referrer 8800000000000
expect 3 "unknown group" member register --phone 13700009999 --name 某人 --group vip
expect_usage "register without a name" member register --phone 13700009999
same "$(fingerprint)" "$before" "refused registrations change nothing"

section "last four digits"
expect 0 "last4 with one match" member lookup --last4 5678
same "$(cat "$OUT")" "$(printf '2\t139****5678\t王芳\t银卡会员')" "one line: id, masked phone, name, level"
for i in 1 2 3 4 5 6 7 8 9 10 11; do
  "$MALLPOSCTL" member register --phone "$(printf '1360%03d0000' "$i")" --name "同尾$i" >/dev/null
done
expect 6 "last4 matching more than 10" member lookup --last4 0000
mentions "$ERR" "ask for the full number" "too many: ask for the full phone"
expect 3 "last4 matching nobody" member lookup --last4 4321
expect 4 "last4 that is not 4 digits" member lookup --last4 123
expect 0 "last4 list --json" member lookup --last4 8000 --json
same "$(jq -c '[.[] | .phone]' "$OUT")" '["138****8000"]' "--json list, masked"

section "QR code"
expect 0 "member qr" member qr 1
TOKEN=$(cat "$OUT")
if [[ "$TOKEN" =~ ^MP1\.1\.59846640\.[0-9a-f]{20}$ ]]; then pass "token format MP1.1.<step>.<mac>"; else fail "token $TOKEN"; fi
expect 0 "lookup by the token" member lookup --qr "$TOKEN" --json
same "$(jq -r .id "$OUT")" "1" "the token finds 张伟"
expect 0 "the token as a plain key" member lookup "$TOKEN" --json
same "$(jq -r .id "$OUT")" "1" "a key starting MP is a token"
MALLPOS_NOW=2026-11-23T10:00:59+08:00 expect 0 "59 s later: still valid" member lookup --qr "$TOKEN"
MALLPOS_NOW=2026-11-23T10:01:30+08:00 expect 4 "90 s later: expired" member lookup --qr "$TOKEN"
mentions "$ERR" "expired" "expired: says so"
MALLPOS_NOW=2026-11-24T10:00:00+08:00 expect 4 "yesterday's screenshot" member lookup "$TOKEN"
MALLPOS_NOW=2026-11-23T09:55:00+08:00 expect 4 "from the future" member lookup --qr "$TOKEN"
mentions "$ERR" "clock" "future: blames the clock"
last=${TOKEN: -1}
if [ "$last" = 0 ]; then flip=1; else flip=0; fi
expect 4 "tampered mac" member lookup --qr "${TOKEN%?}$flip"
mentions "$ERR" "does not verify" "tampered: does not verify"
expect 4 "another member's id" member lookup --qr "MP1.2.${TOKEN#MP1.1.}"
mentions "$ERR" "does not verify" "another member: does not verify"
expect 0 "member 2's own code" member qr 2
expect 4 "member 2's mac under member 1's id" member lookup --qr "MP1.1.$(cut -d. -f3- "$OUT")"
expect 4 "garbage" member lookup --qr "hello"
mentions "$ERR" "not a member code" "garbage: not a member code"
expect 4 "garbage that starts with MP" member lookup "MP1.x.y.z"
expect 4 "a code of a member this terminal lacks answers as a bad code (no enumeration)" \
  member lookup --qr "MP1.999.59846640.00000000000000000000"
mentions "$ERR" "the member code does not verify" "the same words as a forged code"
lacks "$ERR" "999" "and it does not name the member id"
expect 0 "member qr --json" member qr 1 --json
same "$(jq -r '.valid_until' "$OUT")" "2026-11-23 10:00:59" "valid until the end of the next step"

section "lost and replaced cards"
journal_before=$(member_journal)
expect 0 "card-lost" member card-lost 8800000000017 --cashier 1001
expect 6 "the lost card no longer works" member lookup 8800000000017
mentions "$ERR" "card 8800*****0017 reported lost — use the new card" "lost: use the new card"
expect 6 "a sale with the lost card is refused" sale \
  <<<'{"cashier":"1001","member":"8800000000017","lines":[{"sku":"100094"}],"tenders":[{"type":"cash","amount":"9.00"}]}'
expect 0 "the member is still found by phone" member lookup 13800138000 --json
same "$(jq -r '.cards[0].status' "$OUT")" "lost" "card shown as lost"
expect 6 "losing it twice" member card-lost 8800000000017
expect 3 "losing an unknown card" member card-lost 8800000009999
expect 0 "card-replace" member card-replace 8800000000017 --card 8800000000305 --json
same "$(jq -r '[.replaced, .card_no] | join(" ")' "$OUT")" "8800*****0017 8800000000305" "replaced by the new card"
expect 0 "the new card finds the same member" member lookup 8800000000305 --json
same "$(jq -r '[.id, .level.code] | join(" ")' "$OUT")" "1 gold" "member and level kept"
expect 6 "the old card names the new one" member lookup 8800000000017
mentions "$ERR" "use the new card 8800*****0305" "old card: names the new card (masked)"
expect 6 "replacing it again" member card-replace 8800000000017
expect 0 "replace the new physical card by a virtual one" member card-replace 8800000000305
expect 0 "card-add" member card-add 2 --json
same "$(member_journal)" "$((journal_before + 4))" "lost, replace, replace, add: four journal entries"
expect 0 "a sale with the member's current card" sale --json \
  <<<"{\"cashier\":\"1001\",\"member\":\"$(sql "SELECT card_no FROM member_cards WHERE member_id = 1 AND status = 'active'")\",\"lines\":[{\"sku\":\"100094\"}],\"tenders\":[{\"type\":\"cash\",\"amount\":\"9.00\"}]}"
same "$(sql "SELECT member_id FROM sales ORDER BY created_at DESC, receipt_no DESC LIMIT 1")" "1" \
  "the sale belongs to the member, whatever card"
expect 0 "a sale with the member's QR token" sale --json \
  <<<"{\"cashier\":\"1001\",\"member\":\"$("$MALLPOSCTL" member qr 2)\",\"lines\":[{\"sku\":\"100094\"}],\"tenders\":[{\"type\":\"cash\",\"amount\":\"9.00\"}]}"

section "levels"
expect 0 "levels-evaluate: periods start for the demo members" member levels-evaluate --json
same "$(jq -r '[.changes[] | .reason] | unique | join(" ")' "$OUT")" "period_start" "only period starts"
same "$(jq '.changes | length' "$OUT")" "6" "the 6 demo members above normal"
expect 0 "a 2299.00 sale to the new member" sale \
  <<<"{\"cashier\":\"1001\",\"member\":\"$VCARD\",\"lines\":[{\"sku\":\"100203\"}],\"tenders\":[{\"type\":\"cash\",\"amount\":\"2299.00\"}]}"
audit_before=$(member_audit)
expect 0 "levels-evaluate: the upgrade" member levels-evaluate
has_line "$OUT" "member $NEW: normal → silver (upgrade), spend 2299.00" "normal → silver on spend"
has_line "$OUT" "1 level change(s)" "one change"
same "$(member_audit)" "$((audit_before + 1))" "the level change is audited"
same "$(sql "SELECT kind FROM journal ORDER BY seq DESC LIMIT 1")" "member_level" "and journalled"
expect 0 "levels-evaluate again changes nothing" member levels-evaluate
has_line "$OUT" "0 level change(s)" "idempotent"

section "tags"
expect 0 "tags of member 1" member tags 1 --json
same "$(jq -r '[.visits, .spend] | join(" ")' "$OUT")" \
  "1 $(sql "SELECT printf('%.2f', total / 100.0) FROM sales WHERE member_id = 1")" "one visit and its total"
expect 0 "tag summary" member tags --json
same "$(jq -r '.members' "$OUT")" "$(sql 'SELECT count(*) FROM members')" "every member counted"
MALLPOS_NOW=2027-03-01T10:00:00+08:00 expect 0 "tags three months later" member tags 1 --json
same "$(jq -c .tags "$OUT")" '["at_risk"]' "three months without a visit: at risk"

section "phone display policy"
sql "INSERT INTO settings (key, value) VALUES ('member.phone_display', 'full')" >/dev/null
expect 0 "show with the full-phone policy" member show 1
has_line "$OUT" "phone       13800138000" "the policy allows the full phone"
sql "DELETE FROM settings WHERE key = 'member.phone_display'" >/dev/null

section "help and usage"
expect 0 "member --help" member --help
mentions "$OUT" "levels-evaluate" "help lists the subcommands"
expect 2 "no subcommand" member
expect 2 "unknown subcommand" member frobnicate
mentions "$ERR" "unknown subcommand" "unknown subcommand: says so"

section "upgrading a 0001 store with members"
OLD="$T/old.db"
{
  cat "$DEMO/../sql/0001-initial.sql"
  cat <<'SQL'
PRAGMA user_version = 1;
PRAGMA application_id = 1297108819;
INSERT INTO member_levels (code, name, discount_bp, rank) VALUES ('normal', '普通会员', 0, 0), ('gold', '金卡会员', 500, 2);
INSERT INTO members (card_no, phone, name, level_code, created_at) VALUES
  ('8800000000017', '13800138000', '张伟', 'gold', 1700000000),
  ('8800000000022', '13912345678', '王芳', 'normal', 1700000100);
SQL
} | sqlite3 -batch "$OLD"
MALLPOS_STORE="$OLD" expect 0 "the old store opens and migrates" member lookup 8800000000017 --json
same "$(jq -r '[.name, .level.code, .cards[0].status] | join(" ")' "$OUT")" "张伟 gold active" \
  "the 0001 member is found by card after 0002"
same "$(sqlite3 -batch "$OLD" 'PRAGMA user_version')" "$(sql 'PRAGMA user_version')" "migrated to the current schema"
same "$(sqlite3 -batch "$OLD" 'SELECT count(*) FROM member_cards') $(sqlite3 -batch "$OLD" 'SELECT count(*) FROM members WHERE card_no IS NULL AND qr_secret IS NULL') $(sqlite3 -batch "$OLD" 'SELECT count(*) FROM member_qr_secrets')" \
  "2 2 2" "cards moved, secrets made and sealed (none in clear)"
MALLPOS_STORE="$OLD" expect 0 "QR works for a migrated member" member lookup --qr \
  "$(MALLPOS_STORE="$OLD" "$MALLPOSCTL" member qr 2)"
MALLPOS_STORE="$OLD" expect 0 "the migrated store checks out" check

finish
