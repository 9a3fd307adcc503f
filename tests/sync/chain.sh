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

section "the terminal's own check finds the cut too"
expect 7 "check" check
mentions "$OUT" "has no hash chain link" "check names the rows that lost their links"
rm -f "$MALLPOS_STORE" # tampered on purpose: no end-of-test check

sync_finish
