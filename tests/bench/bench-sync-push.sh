#!/bin/bash
# bench-sync-push.sh — push end to end (DESIGN.md target "sync push"): the
# terminal's journal read and built into batches, gzip, HTTPS to
# mallpos-central, applied exactly once into PostgreSQL (fsync on) with the
# centre's ledger and balances, the answers saved back in the store.
#
# The journal: 20 real demo sales with a member (points rows), and further
# sale entries naming those sales (each payload built from the sale's rows
# as for any sale). First the drain: MALLPOS_BENCH_DRAIN (default 3000)
# member-sale entries, a busy lane's 24 hours offline, pushed by one
# `sync now` (target < 5 s). Then the push rate: MALLPOS_BENCH_ENTRIES
# (default 10000) entries in all, the rest pushed by one `sync now`
# (target ≥ 5,000 entries/s). Each prints the CPU seconds the terminal, the
# centre and PostgreSQL used: on a machine others share, the wall clock
# counts their turns too, and the CPU bound is what an idle 2-core
# machine would reach.
#
# The peer (issue 13): the same records, as the JSON documents `mallposctl
# journal --json` prints, replicated with PouchDB (LevelDB) to pouchdb-server
# over HTTP, in the same run; its npm packages are pinned in
# tests/bench/package.json + package-lock.json and installed (npm ci) into
# MALLPOS_BENCH_NPM_DIR (default ~/.cache/mallpos-bench-peer) when missing.
# Without npm or the registry, the bench says so and prints MallPOS alone.
. "$(dirname "$0")/../sync/lib.sh"
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
N=${MALLPOS_BENCH_ENTRIES:-10000}
DRAIN=${MALLPOS_BENCH_DRAIN:-3000}
PG_FSYNC=on

# elapsed START — seconds since START (date +%s.%N).
elapsed () { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'; }
per_second () { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
# cpu_ticks PID... — user + system clock ticks of those processes so far.
cpu_ticks ()
{
  local pid t=0
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && t=$((t + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
  done
  echo "$t"
}
# pg_pids — this test's PostgreSQL: the postmaster and its children.
pg_pids ()
{
  local master
  master=$(head -n 1 "$PG_DIR/postmaster.pid" 2>/dev/null) || return 0
  echo "$master" $(pgrep -P "$master")
}
TICK=$(getconf CLK_TCK)

# grow_journal TOTAL — sale entries naming the 20 sales until TOTAL in all.
grow_journal ()
{
  local have
  have=$(sql "SELECT count(*) FROM journal")
  [ "$1" -gt "$have" ] || return 0
  sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1 - $have),
       s AS (SELECT ref_id, chain_seq, row_number() OVER (ORDER BY seq) - 1 AS k FROM journal
             WHERE kind = 'sale')
       INSERT INTO journal (seq, id, kind, ref_id, payload, created_at, chain_seq)
       SELECT $have + i,
              lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2)
                    || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
              'sale', s.ref_id, NULL, 0, (SELECT max(seq) FROM row_chain)
       FROM n JOIN s ON s.k = i % 20;
       UPDATE counters SET value = (SELECT max(seq) FROM journal) WHERE name = 'journal'" \
    || { echo "Bail out! cannot make the journal"; exit 1; }
}

# push WHAT — one `sync now`, timed; sets PUSH_S, PUSH_N and CPU (seconds
# used by the terminal / centre / PostgreSQL).
push ()
{
  local before start c0 p0 c1 p1 client
  before=$(sql "SELECT pushed_seq FROM sync_state")
  c0=$(cpu_ticks "$PID_a"); p0=$(cpu_ticks $(pg_pids))
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$T/time.out" "$MALLPOSCTL" sync now >"$T/push.out" \
    || { cat "$T/push.out"; echo "Bail out! $1: sync now failed"; exit 1; }
  PUSH_S=$(elapsed "$start")
  c1=$(cpu_ticks "$PID_a"); p1=$(cpu_ticks $(pg_pids))
  PUSH_N=$(( $(sql "SELECT pushed_seq FROM sync_state") - before ))
  client=$(awk '{ print $1 + $2 }' "$T/time.out")
  CPU=$(awk -v c="$client" -v a=$((c1 - c0)) -v p=$((p1 - p0)) -v t="$TICK" \
    'BEGIN { printf "%.2f %.2f %.2f", c, a / t, p / t }')
  CPU_BOUND=$(awk -v n="$PUSH_N" -v c="$CPU" 'BEGIN { split(c, x, " ");
    pipe = x[1] > x[2] + x[3] ? x[1] : x[2] + x[3]; all = (x[1] + x[2] + x[3]) / 2;
    printf "%.0f", n / (pipe > all ? pipe : all) }')
}

# The terminal reads and writes the next batch while the centre applies the
# one before (sync-push.c), so on an idle 2-core machine the push goes as
# fast as the slower of the two sides (the centre and PostgreSQL wait for
# each other within a batch), and no faster than 2 cores can do all of it.
report ()
{
  printf '%-34s %d entries in %.2f s = %s entries/s\n' "$1:" "$PUSH_N" "$PUSH_S" "$(per_second "$PUSH_N" "$PUSH_S")"
  printf '%-34s %s s terminal, %s s centre, %s s PostgreSQL\n' "  CPU used:" $CPU
  printf '%-34s %s\n' "  CPU per entry:" "$(awk -v n="$PUSH_N" -v c="$CPU" 'BEGIN { split(c, x, " ");
    printf "terminal %.0f µs, centre %.0f µs + PostgreSQL %.0f µs", 1e6 * x[1] / n, 1e6 * x[2] / n, 1e6 * x[3] / n }')"
  printf '%-34s %s entries/s on an idle 2-core machine at most\n' "  CPU bound:" "$CPU_BOUND"
}

pg_start
make_certs
central_start a
enrolled_store >/dev/null
for i in $(seq 1 20); do "$MALLPOSCTL" sale <"$DEMO/sale.json" >/dev/null || exit 1; done

echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
grow_journal "$DRAIN"
push "drain"
drain_s=$PUSH_S
report "drain of $PUSH_N member-sale entries"
grow_journal "$N"
push "push"
report "push end to end (fsync on)"
push_rate=$(per_second "$PUSH_N" "$PUSH_S")
push_n=$PUSH_N
PUSH_CPU=$CPU

total=$(sql "SELECT count(*) FROM journal")
held=$(psql_value "SELECT count(*) FROM entries WHERE status = 'applied'")
[ "$held" -eq "$total" ] || { echo "Bail out! the centre applied $held of $total"; exit 1; }
"$MALLPOS_CENTRAL" check >/dev/null || { echo "Bail out! the centre's check failed"; exit 1; }
echo "# load average after the push: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -h "entries:" "$T"/central-a.log | tail -n 1 | sed "s/^/# last batch at the centre: /"

# ---- the peer: the same records with PouchDB to pouchdb-server ----

# peer_install — the pinned packages in NPM_DIR; FALSE (said why) without.
NPM_DIR=${MALLPOS_BENCH_NPM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mallpos-bench-peer}
peer_install ()
{
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "# node or npm is not installed: the PouchDB peer is not measured"
    return 1
  fi
  if cmp -s "$BENCH_DIR/package-lock.json" "$NPM_DIR/package-lock.json" \
     && [ -d "$NPM_DIR/node_modules/pouchdb-server" ]; then
    return 0
  fi
  echo "# installing the peer's npm packages (pinned in tests/bench/package-lock.json) into $NPM_DIR"
  mkdir -p "$NPM_DIR" && cp "$BENCH_DIR/package.json" "$BENCH_DIR/package-lock.json" "$NPM_DIR/"
  if ! (cd "$NPM_DIR" && npm ci --no-audit --no-fund) >"$T/npm.log" 2>&1; then
    echo "# npm ci failed (is the npm registry reachable?): the PouchDB peer is not measured"
    tail -n 5 "$T/npm.log" | sed 's/^/#   /'
    rm -f "$NPM_DIR/package-lock.json"
    return 1
  fi
}

# peer_server — pouchdb-server (LevelDB) on a free loopback port: PEER_URL.
peer_server ()
{
  local port i
  for i in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 20000))
    mkdir -p "$T/peer-server"
    (cd "$T/peer-server" && exec node "$NPM_DIR/node_modules/pouchdb-server/bin/pouchdb-server" \
      --host 127.0.0.1 --port "$port" --dir "$T/peer-server" --no-stdout-logs) >"$T/peer.log" 2>&1 &
    PEER_PID=$!
    CENTRAL_PIDS+=("$PEER_PID")
    for _ in $(seq 1 100); do
      if curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1; then
        PEER_URL="http://127.0.0.1:$port"
        return 0
      fi
      kill -0 "$PEER_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill "$PEER_PID" 2>/dev/null
  done
  echo "# pouchdb-server did not start:"; sed 's/^/#   /' "$T/peer.log" | tail -n 5
  return 1
}

printf 'RESULT sync_push=%s entries/s\n' "$push_rate"
printf 'RESULT sync_drain_3000=%.2f s\n' "$drain_s"
if peer_install && peer_server; then
  "$MALLPOSCTL" journal --limit "$total" --json >"$T/journal.json" || exit 1
  s0=$(cpu_ticks "$PEER_PID")
  NODE_PATH="$NPM_DIR/node_modules" /usr/bin/time -f "%U %S" -o "$T/peer-time.out" \
    node "$BENCH_DIR/bench-sync-peer.js" "$T/journal.json" \
    "$PEER_URL/bench" "$T/peer-local" 500 >"$T/peer.out" || { echo "Bail out! the peer failed"; exit 1; }
  s1=$(cpu_ticks "$PEER_PID")
  peer_s=$(jq -r .seconds "$T/peer.out")
  peer_rate=$(per_second "$total" "$peer_s")
  # The client's CPU counts loading its local database too (not timed).
  peer_cpu=$(awk -v s=$((s1 - s0)) -v t="$TICK" '{ printf "%.2f %.2f", $1 + $2, s / t }' "$T/peer-time.out")
  printf '%-34s %d documents in %.2f s = %s documents/s\n' "PouchDB → pouchdb-server:" "$total" "$peer_s" "$peer_rate"
  printf '%-34s %s s client (loading its LevelDB too), %s s pouchdb-server\n' "  CPU used:" $peer_cpu
  printf 'MallPOS push / PouchDB replication: %.1f× (target ≥ 5×)\n' "$(awk -v a="$push_rate" -v b="$peer_rate" 'BEGIN { print a / b }')"
  printf 'MallPOS / PouchDB, server CPU per entry: %.1f× (mallpos-central + PostgreSQL vs pouchdb-server)\n' \
    "$(awk -v c="$PUSH_CPU" -v n="$push_n" -v p="$peer_cpu" -v m="$total" 'BEGIN { split(c, x, " "); split(p, y, " ");
       print (y[2] / m) / ((x[2] + x[3]) / n) }')"
  printf 'RESULT sync_peer_pouchdb=%s docs/s\n' "$peer_rate"
fi
