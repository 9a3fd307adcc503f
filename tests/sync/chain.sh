#!/bin/bash
# chain.sh — the centre vouches for each terminal's audit chain: every
# journal entry carries the head of the terminal's hash chain as it stood
# when the entry was written, the centre keeps the links it received and
# refuses a head that goes back or a link that differs from the one held
# for its seq (central-chain.c). A store whose chain was cut back (the last
# links removed, as someone who deletes rows and relinks does) is caught at
# its next push: the entry is rejected into the exceptions list, and the
# terminal is marked in `mallpos-central terminal list` and `check`.
. "$(dirname "$0")/lib.sh"

pg_start
make_certs
central_start a
enrolled_store

section "an honest terminal: its chain is vouched for"
sale "a sale"
sale "another sale"
expect 0 "sync now" sync now
invariants "after the first push"
held=$(psql_value "SELECT chain_seq FROM terminals")
same "$held" "$(sql "SELECT max(seq) FROM row_chain")" "the centre holds the terminal's head"
"$MALLPOS_CENTRAL" terminal list >"$OUT" 2>&1
mentions "$OUT" "audit chain vouched to link $held" "terminal list: the chain is vouched for"
expect 0 "sync now again changes nothing" sync now
"$MALLPOS_CENTRAL" check >"$OUT" 2>&1 && pass "check passes" || fail "check failed on an honest terminal"
cut_at=$(sql "SELECT max(seq) FROM row_chain")
sale "a third sale"
sale "a fourth sale"
expect 0 "sync now" sync now
invariants "after the second push"
same "$(psql_value "SELECT count(*) FROM terminals WHERE chain_broken IS NULL")" 1 "still unbroken"

section "the chain cut back and selling goes on: the centre catches it"
sqlite3 "$MALLPOS_STORE" "DROP TRIGGER row_chain_no_delete; DELETE FROM row_chain WHERE seq > $cut_at;
  CREATE TRIGGER row_chain_no_delete BEFORE DELETE ON row_chain
  BEGIN SELECT RAISE (ABORT, 'the row chain is append-only'); END;" \
  || { echo "Bail out! cannot cut the chain"; exit 1; }
sale "a sale after the cut"
expect 0 "sync now" sync now
mentions "$OUT" "1 rejected" "the sale's entry is rejected"
expect 0 "sync exceptions" sync exceptions
mentions "$OUT" "audit chain" "the exception names the audit chain"
if grep -qE "forked|went back" "$OUT"; then pass "and says how it broke"; else fail "the exception does not say how the chain broke"; fi
"$MALLPOS_CENTRAL" terminal list >"$OUT" 2>&1
mentions "$OUT" "AUDIT CHAIN BROKEN" "terminal list marks the terminal"
"$MALLPOS_CENTRAL" check >"$OUT" 2>&1
same "$?" 7 "check exits 7"
mentions "$OUT" "audit chains are broken" "check says a chain is broken"
same "$(psql_value "SELECT count(*) FROM entries")" "$(journal_count)" "every entry is still held once"
same "$(psql_value "SELECT count(*) FROM entries WHERE status = 'rejected'")" 1 "only the one entry is rejected"
"$MALLPOS_CENTRAL" check 2>&1 | grep -q "ledger sums" && fail "a balance differs from its ledger" \
  || pass "every balance at the centre still equals the sum of its ledger"

section "the resent entry gets the same answer"
sql "UPDATE sync_state SET pushed_seq = (SELECT max(seq) - 1 FROM journal)"
expect 0 "sync now resends the last entry" sync now
mentions "$OUT" "1 already there" "it is a duplicate"
same "$(psql_value "SELECT count(*) FROM entries WHERE status = 'rejected'")" 1 "still only the one rejected"
expect 0 "sync exceptions --all --json" sync exceptions --all --json
same "$(jq 'length' "$OUT")" 1 "and it is listed once"

section "IT clears the mark after investigation: the right role, audited"
"$MALLPOS_CENTRAL" operator add wang.it --role it >"$T/op-it" 2>&1 \
  && "$MALLPOS_CENTRAL" operator add li.sec --role security >"$T/op-sec" 2>&1 \
  || { echo "Bail out! cannot add operators"; sed 's/^/# /' "$T/op-it" "$T/op-sec"; exit 1; }
IT_SECRET=$(sed -n 's/.*shown this once: //p' "$T/op-it")
SEC_SECRET=$(sed -n 's/.*shown this once: //p' "$T/op-sec")
[ ${#SEC_SECRET} -eq 43 ] && pass "an operator's secret is printed once (43 characters)" \
  || fail "no operator secret printed"
same "$(psql_value "SELECT count(*) FROM operators WHERE secret_hash = '$SEC_SECRET'")" 0 \
  "the centre keeps only the secret's hash"
clear_chain () { MALLPOS_CENTRAL_SECRET=$1 "$MALLPOS_CENTRAL" terminal clear-chain --store S001 \
  --terminal T01 --operator "$2" --note "${3:-门店核查: 收银机曾断电, 数据从备份恢复, 已核对}" >"$OUT" 2>"$ERR"; }
clear_chain "$SEC_SECRET" li.sec "short"
same "$?" 2 "a note too short to say what was found: usage (exit 2)"
mentions "$ERR" "what the investigation found" "says what the note is for"
clear_chain "" li.sec
same "$?" 5 "without the secret: refused (exit 5)"
mentions "$ERR" "MALLPOS_CENTRAL_SECRET is not their secret" "says the secret does not match"
clear_chain "$IT_SECRET" li.sec
same "$?" 5 "another operator's secret: refused (exit 5)"
clear_chain "$IT_SECRET" wang.it
same "$?" 5 "an IT operator (wrong role): refused (exit 5)"
mentions "$ERR" "needs role security" "says which role it needs"
same "$(psql_value "SELECT count(*) FROM terminals WHERE chain_broken IS NOT NULL")" 1 \
  "the refusals changed nothing"
clear_chain "$SEC_SECRET" li.sec
same "$?" 0 "a security operator clears the mark"
mentions "$OUT" "kept in the audit" "says where the reason went"
same "$(psql_value "SELECT count(*) FROM terminals WHERE chain_broken IS NULL")" 1 "the mark is gone"
"$MALLPOS_CENTRAL" audit >"$OUT" 2>&1
mentions "$OUT" "li.sec	clear_chain_broken	S001/T01	was: " "the audit names who, what and which terminal"
if grep -qE "forked|went back" "$OUT"; then pass "the audit keeps how the chain broke"; else fail "the audit lost the reason"; fi
mentions "$OUT" "从备份恢复" "and the note"
"$MALLPOS_CENTRAL" terminal list >"$OUT" 2>&1
lacks "$OUT" "AUDIT CHAIN BROKEN" "terminal list no longer marks it"
same "$(psql_value "SELECT count(*) FROM entries WHERE status = 'rejected'")" 1 \
  "the rejected entry stays rejected (its proof is kept)"
clear_chain "$SEC_SECRET" li.sec
same "$?" 3 "clearing an unmarked terminal: nothing to do (exit 3)"
same "$(psql_value "SELECT count(*) FROM audit")" 1 "and no audit row for it"

section "the terminal's own check finds the cut too"
expect 7 "check" check
mentions "$OUT" "has no hash chain link" "check names the rows that lost their links"
rm -f "$MALLPOS_STORE" # tampered on purpose: no end-of-test check

sync_finish
