#!/bin/bash
# push.sh — the sync loop against a real mallpos-central on a throwaway
# PostgreSQL: enrolment (wrong pin, http://, spent code), push of a store's
# journal exactly once (acks lost and everything resent, to a second centre
# process on the same database, two pushers at once), a revoked terminal and
# a centre with the wrong key refused while selling goes on (and one serving
# the next pinned key accepted), and a price set
# at the centre reaching the counter.
. "$(dirname "$0")/lib.sh"

pg_start
make_certs
central_start a
central_start b
demo_store
"$MALLPOSCTL" import loyalty-rules "$DEMO/loyalty-rules.json" >/dev/null || { echo "Bail out! loyalty rules"; exit 1; }

section "selling before any centre exists"
sale "a sale"
expect 0 "a stored-value top-up" stored-value top-up 8800000000060 --amount 500.00 --tender cash --cashier 1001
expect 3 "sync now before enrolment" sync now
mentions "$ERR" "not enrolled" "says the terminal is not enrolled"
mentions "$ERR" "sync enrol" "and what to run"

section "enrolment"
code=$(enrolment_code S001 T01)
[ -n "$code" ] && pass "mallpos-central terminal add gives a code" || fail "no enrolment code"
expect 4 "an http:// centre is refused" sync enrol --url "http://127.0.0.1:$PORT_a" --code "$code" --pin "$PIN"
mentions "$ERR" "HTTPS only" "says HTTPS only"
expect 4 "a malformed pin is refused" sync enrol --url "https://127.0.0.1:$PORT_a" --code "$code" --pin sha256//abc
expect 6 "the wrong pin: the terminal refuses to talk" sync enrol --url "https://127.0.0.1:$PORT_a" --code "$code" --pin "$WRONG_PIN"
mentions "$ERR" "does not match the pinned key" "says the centre's key does not match"
expect 6 "a wrong code is refused by the centre" sync enrol --url "https://127.0.0.1:$PORT_a" --code ABCD-EFGH-JKMN-PQRS --pin "$PIN"
mentions "$ERR" "enrolment_refused" "says the code was refused"
expect 0 "enrol with the code and the pin" sync enrol --url "https://127.0.0.1:$PORT_a" --code "$code" --pin "$PIN" --pin "$WRONG_PIN"
expect 6 "the code is spent" sync enrol --url "https://127.0.0.1:$PORT_a" --code "$code" --pin "$PIN"
same "$(sql "SELECT token = '$code' FROM sync_enrolment")" 0 "the token is not the code"
expect 0 "sync status" sync status
mentions "$OUT" "pending:     $(journal_count) journal entries" "status counts what is pending"
expect 0 "sync status --json" sync status --json
same "$(jq -r .pending "$OUT")" "$(journal_count)" "status --json: pending"
sql "SELECT token FROM sync_enrolment" >"$T/token"; if grep -qFf "$T/token" "$OUT"; then fail "status shows the token"; else pass "status never shows the token"; fi

section "push"
expect 0 "sync now" sync now
mentions "$OUT" "pushed $(journal_count) entries: $(journal_count) applied" "every entry applied"
invariants "after the first push"
expect 0 "sync status --json" sync status --json
same "$(jq -r .online "$OUT")" "true" "status: online"
same "$(jq -r .pending "$OUT")" "0" "status: nothing pending"
"$MALLPOS_CENTRAL" entries >"$OUT" 2>&1
mentions "$OUT" "S001/T01" "the centre lists the terminal's entries"

section "every ack lost: the whole journal is sent again, to the other centre process"
sale "another sale"
sql "UPDATE sync_state SET pushed_seq = 0"
use_centre "$PORT_b"
expect 0 "sync now to centre b" sync now
mentions "$OUT" "1 applied, $(( $(journal_count) - 1 )) already there" "only the new entry is applied"
invariants "after resending everything"

section "two pushers at once on two centre processes"
for i in 1 2 3; do sale "sale $i"; done
sql "UPDATE sync_state SET pushed_seq = 0"
cp "$MALLPOS_STORE" "$T/copy.db"
# the store's key file goes with it (member codes: src/member-qr-secret.h)
[ ! -e "$MALLPOS_STORE.qrkey" ] || cp -p "$MALLPOS_STORE.qrkey" "$T/copy.db.qrkey"
sqlite3 "$T/copy.db" "UPDATE sync_enrolment SET url = 'https://127.0.0.1:$PORT_a'"
MALLPOS_STORE="$T/copy.db" "$MALLPOSCTL" sync now >"$T/copy.out" 2>&1 &
copy=$!
expect 0 "sync now (b) while a copy pushes to a" sync now
wait "$copy"; same "$?" "0" "the copy's push to a succeeded too"
invariants "after two concurrent pushers"

section "a price set at the centre reaches the counter"
"$MALLPOS_CENTRAL" price set 6901234567892 "矿泉水 550ml" 2.50 >/dev/null
expect 0 "sync now pulls it" sync now
mentions "$OUT" "1 prices changed" "one price changed"
expect 0 "the counter sells at the centre's price" product 6901234567892 --json
same "$(jq -r '.[0].price' "$OUT")" "2.50" "the new price is in effect"
expect 0 "pulling again changes nothing" sync now
mentions "$OUT" "0 prices changed" "a replayed pull changes nothing"

section "key rotation: a centre serving the next pinned key is accepted"
# The terminal enrolled with --pin CURRENT --pin NEXT; centre w serves NEXT.
central_start w wrong
use_centre "$PORT_w"
sale "a sale before the rotation"
expect 0 "sync now to the centre with the next key" sync now
invariants "after the key rotation"

section "a centre with the wrong key"
sql "UPDATE sync_enrolment SET pin_next = NULL"
sale "a sale while the centre is wrong"
expect 6 "sync now refuses to talk" sync now
mentions "$ERR" "does not match the pinned key" "says why"
expect 0 "status" sync status
mentions "$OUT" "STOPPED" "status: stopped until IT acts"
sale "selling goes on"
sql "UPDATE sync_state SET stopped = NULL"
use_centre "$PORT_a"
expect 0 "back to the right centre" sync now
invariants "after the wrong centre"

section "an entry the centre rejects goes to the exceptions list"
# A journal entry with a stored-value row that is not a fen amount (as a
# terminal of another version might write it), committed like any other.
bad_seq=$(( $(sql "SELECT value FROM counters WHERE name = 'journal'") + 1 ))
sql "UPDATE counters SET value = $bad_seq WHERE name = 'journal';
     INSERT INTO journal (seq, id, kind, ref_id, payload, created_at)
     VALUES ($bad_seq, '0190f6a2-0000-7000-8000-00000000bad1', 'sv_top_up', 'bad-top-up',
             '{\"stored_value\":[{\"member_id\":1,\"principal\":\"1.234\",\"bonus\":\"0.00\"}]}', 0)"
sale "a sale after it"
expect 0 "sync now" sync now
mentions "$OUT" "1 rejected (mallposctl sync exceptions)" "sync now says one was rejected and where to look"
expect 0 "sync exceptions" sync exceptions
mentions "$OUT" "$bad_seq	sv_top_up	open	payload.stored_value[0]: “principal”: “1.234” has more than two decimals" \
  "the exception names the entry, the field and why"
invariants "after a rejected entry"
expect 0 "status" sync status --json
same "$(jq -r .exceptions "$OUT")" "1" "status counts one open exception"
expect 2 "resolve needs --note" sync resolve "$bad_seq" --manager 9001
expect 9 "resolve needs a manager's credential, not a name" sync resolve "$bad_seq" --note x
expect 3 "resolving an entry that is no exception" sync resolve 1 --manager 9001 --note x
expect 0 "a manager resolves it" sync resolve "$bad_seq" --manager 9001 --note "旧版本写的储值流水，已人工核对"
same "$(sql "SELECT actor || ' ' || approved_by FROM audit WHERE action = 'sync_exception_resolved'")" \
  "9001 9001" "the resolve is audited with the manager's number"
expect 0 "sync exceptions" sync exceptions
mentions "$OUT" "no open exceptions" "no open exception is left"
expect 0 "sync exceptions --all keeps it" sync exceptions --all --json
same "$(jq -r '.[0].resolved_by' "$OUT")" "9001" "who resolved it is kept"
sql "UPDATE sync_state SET pushed_seq = 0"
expect 0 "pushed again" sync now
expect 0 "sync exceptions" sync exceptions --all --json
same "$(jq 'length' "$OUT")" "1" "a resent rejected entry (a duplicate of a rejection) is not listed twice"

section "revoked"
"$MALLPOS_CENTRAL" terminal revoke --store S001 --terminal T01 >/dev/null
sale "a sale after the revocation"
expect 6 "a revoked terminal is refused" sync now
mentions "$ERR" "revoked" "says it was revoked"
sale "selling goes on after the revocation"
same "$(psql_value "SELECT count(*) FROM entries")" "$(( $(journal_count) - 2 ))" \
  "nothing of a revoked terminal was taken"

sync_finish
