#!/bin/bash
# faults.sh — push through the fault proxy (fault-proxy.py): connection
# refused, reset mid-request, the answer dropped after the centre committed,
# a slow answer past the client's timeout, 500, 503 with Retry-After,
# truncated and malformed answers; then PostgreSQL restarted and the centre
# killed mid-batch. After each: the failure is seen in `sync status`,
# nothing is lost or counted twice once the fault is gone, every balance at
# the centre equals its ledger, and terminal and centre agree.
. "$(dirname "$0")/lib.sh"
export MALLPOS_SYNC_TIMEOUT_MS=2000

proxied_store
NOW_EPOCH=$(date -d "$MALLPOS_NOW" +%s)

# fault NAME MODE… — a sale, a push that fails under the fault (status says
# so), then the fault gone: a push that brings everything level.
fault ()
{
  local name=$1
  shift
  section "$name"
  sale "a sale before: $name"
  proxy_mode "$@"
  expect 1 "sync now fails: $name" sync now
  expect 0 "sync status" sync status --json
  same "$(jq -r .online "$OUT")" "false" "$name: status says offline"
  same "$(jq -r .offline_since "$OUT")" "$NOW_EPOCH" "$name: offline since the failure"
  [ "$(jq -r .last_error "$OUT")" != "null" ] && pass "$name: status keeps the reason" \
    || fail "$name: no last_error in status"
  proxy_mode pass
  expect 0 "sync now once the fault is gone: $name" sync now
  invariants "after $name"
}

sale "a first sale"
expect 0 "a first push through the proxy" sync now
invariants "through the proxy"

section "connection refused"
sale "a sale while the centre's port is closed"
use_centre 1
expect 1 "sync now: refused" sync now
mentions "$ERR" "cannot reach the centre" "says the centre cannot be reached"
use_centre "$PROXY_PORT"
expect 0 "sync now after" sync now
invariants "after connection refused"

fault "reset mid-request" reset
fault "answer dropped after the centre committed" drop-after-commit
fault "slow answer past the timeout" slow 4
fault "500" 500
fault "truncated answer" truncate
fault "malformed JSON" malformed

section "503 with Retry-After"
sale "a sale before the 503"
proxy_mode 503
expect 1 "sync now: 503" sync now
expect 0 "status" sync status --json
wait_s=$(( $(jq -r .next_attempt "$OUT") - NOW_EPOCH ))
[ "$wait_s" -ge 120 ] && pass "the next attempt honours Retry-After: 120 (waits ${wait_s}s)" \
  || fail "the next attempt is in ${wait_s}s, before the centre's Retry-After of 120"
proxy_mode pass
expect 0 "sync now after the 503" sync now
invariants "after 503"

section "PostgreSQL restarted"
sale "a sale while the database is down"
pg_stop
expect 1 "sync now while the centre's database is down" sync now
mentions "$ERR" "unavailable" "the centre says it is unavailable"
pg_restart
expect 0 "sync now after PostgreSQL is back" sync now
invariants "after PostgreSQL restarted"

section "the centre killed -9 mid-batch"
for i in $(seq 1 8); do sale "backlog sale $i"; done
sql "UPDATE sync_state SET pushed_seq = 0"
proxy_mode delay 0.3
"$MALLPOSCTL" sync now >/dev/null 2>&1 &
pusher=$!
sleep 0.$((RANDOM % 4 + 1))
kill -9 "$PID_a" 2>/dev/null
wait "$pusher"
central_start a
proxy_mode pass
kill "${CENTRAL_PIDS[1]}" 2>/dev/null
proxy_start "$PORT_a"
use_centre "$PROXY_PORT"
expect 0 "sync now with the centre back" sync now
invariants "after the centre was killed"

sync_finish
