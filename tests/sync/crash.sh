#!/bin/bash
# crash.sh — `kill -9` of the terminal's sync process at random points
# between commit, send and ack (the proxy delays each request and answer at
# random so the kill lands before the send, while the centre commits, or
# after its answer but before the terminal saved it), with sales committed
# in between. Then one clean push: every journal entry at the centre exactly
# once, balances equal their ledgers, terminal and centre agree.
. "$(dirname "$0")/lib.sh"

proxied_store
proxy_mode delay 0.4
RANDOM=$$
kills=0

# The kills land at random within the time one whole `sync now` takes here
# (a sale's push and every pull, through the delaying proxy): a fixed 0.7 s
# ended every pass before its first send on a loaded machine or under the
# sanitizers, where the process alone takes longer to start. At most 3 s:
# the push comes first in a pass, the pull after it.
"$MALLPOSCTL" sale <"$DEMO/sale.json" >/dev/null 2>&1 || fail "the first sale failed"
start=$(date +%s%N)
"$MALLPOSCTL" sync now >/dev/null 2>&1 || fail "the first sync now failed"
span_ms=$(( ($(date +%s%N) - start) / 1000000 ))
span_ms=$(( span_ms < 700 ? 700 : span_ms > 3000 ? 3000 : span_ms ))
before=$(centre_count)

section "20 pushes killed at random points, sales in between"
for i in $(seq 1 20); do
  "$MALLPOSCTL" sale <"$DEMO/sale.json" >/dev/null 2>&1 || fail "sale $i failed"
  [ $((i % 3)) -eq 0 ] && sql "UPDATE sync_state SET pushed_seq = max(0, pushed_seq - 2)"
  "$MALLPOSCTL" sync now >/dev/null 2>&1 &
  pusher=$!
  wait_ms=$(( (RANDOM * 32768 + RANDOM) % span_ms ))
  sleep "$((wait_ms / 1000)).$(printf '%03d' $((wait_ms % 1000)))"
  kill -9 "$pusher" 2>/dev/null
  wait "$pusher" 2>/dev/null
  [ $? -eq 137 ] && kills=$((kills + 1))
done
[ "$kills" -gt 0 ] && pass "the sync process was killed $kills times of 20 (the others had finished)" \
  || fail "no sync process was killed: the test proves nothing"
held=$(( $(centre_count) - before ))
[ "$held" -gt 0 ] && pass "the centre committed $held entries while the pushers were being killed" \
  || fail "nothing reached the centre during the kills: the kills all landed before a send"
expect 0 "the store is consistent after the kills" check

section "one clean push"
proxy_mode pass
expect 0 "sync now" sync now
invariants "after kill -9 at random points"
same "$(psql_value "SELECT count(*) FROM entries WHERE status = 'applied'")" "$(journal_count)" \
  "every entry applied, none rejected"

sync_finish
