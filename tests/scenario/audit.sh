#!/bin/bash
# audit.sh — the audit journal is append-only and hash-chained: SQLite
# refuses to change or delete a row, and a row edited or deleted around
# MallPOS (the triggers dropped with the sqlite3 tool) is named by `check`,
# with its hash chain link.
. "$(dirname "$0")/lib.sh"
demo_store

section "sensitive actions leave audit rows"
MALLPOS_SUPERVISOR_PIN=000000 expect 9 "a wrong PIN" points adjust "$LINA" --points 10 --reason x --supervisor 2001
expect 0 "an approved adjustment" points adjust "$LINA" --points 100 --reason 补偿 --supervisor 9001
same "$(sql "SELECT action || ':' || coalesce(approved_by, '-') FROM audit WHERE action IN ('staff_sign_in_failed', 'points_adjust') ORDER BY id")" \
  "$(printf 'staff_sign_in_failed:-\npoints_adjust:9001')" "the failure and the approved action"
expect 0 "check with the chain intact" check
cp "$MALLPOS_STORE" "$T/intact.db"

section "SQLite refuses to change or delete an audit row"
sqlite3 "$MALLPOS_STORE" "UPDATE audit SET actor = 'x' WHERE action = 'points_adjust'" 2>"$ERR"
mentions "$ERR" "the audit journal is append-only" "an UPDATE is refused"
sqlite3 "$MALLPOS_STORE" "DELETE FROM audit" 2>"$ERR"
mentions "$ERR" "the audit journal is append-only" "a DELETE is refused"

section "an audit row edited around MallPOS is named"
id=$(sql "SELECT id FROM audit WHERE action = 'points_adjust'")
link=$(sql "SELECT max(seq) FROM row_chain WHERE tbl = 'audit' AND row_key = $id")
sqlite3 "$MALLPOS_STORE" "DROP TRIGGER audit_no_update; UPDATE audit SET approved_by = '2001' WHERE id = $id"
expect 7 "check finds the edit" check
mentions "$OUT" "audit row $id (points_adjust) was changed after it was written (field approved_by; hash chain link $link)" \
  "check names the row, the field and its link"

section "an audit row deleted around MallPOS is named"
cp "$T/intact.db" "$MALLPOS_STORE"
rm -f "$MALLPOS_STORE-wal" "$MALLPOS_STORE-shm" "$MALLPOS_STORE-damaged"
first=$(sql "SELECT min(id) FROM audit")
link=$(sql "SELECT max(seq) FROM row_chain WHERE tbl = 'audit' AND row_key = $first")
sqlite3 "$MALLPOS_STORE" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = $first"
expect 7 "check finds the deletion" check
mentions "$OUT" "hash chain link $link seals audit row $first, which is not in the store" \
  "check names the missing row and its link"

cp "$T/intact.db" "$MALLPOS_STORE"
rm -f "$MALLPOS_STORE-wal" "$MALLPOS_STORE-shm" "$MALLPOS_STORE-damaged"
finish
