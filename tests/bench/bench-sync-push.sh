#!/bin/bash
# bench-sync-push.sh — push end to end (DESIGN.md target "sync push"): the
# terminal's journal read and built into batches, gzip, HTTPS to
# mallpos-central, applied exactly once into PostgreSQL (fsync on) with the
# centre's ledger and balances, the answers saved back in the store.
# MALLPOS_BENCH_ENTRIES (default 10000) journal entries: 20 real demo sales
# with a member (points rows), and further entries naming those sales (their
# payloads are built from the sales' rows as for any sale). Prints the
# entries/s of the whole push, and of reading the journal alone, for scale.
# The PouchDB peer of the issue's target is not built.
. "$(dirname "$0")/../sync/lib.sh"
N=${MALLPOS_BENCH_ENTRIES:-10000}
PG_FSYNC=on

pg_start
make_certs
central_start a
enrolled_store >/dev/null
for i in $(seq 1 20); do "$MALLPOSCTL" sale <"$DEMO/sale.json" >/dev/null || exit 1; done
have=$(sql "SELECT count(*) FROM journal")
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N - $have)
     INSERT INTO journal (seq, id, kind, ref_id, payload, created_at)
     SELECT $have + i,
            lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2)
                  || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
            'sale', (SELECT ref_id FROM (SELECT ref_id, row_number() OVER (ORDER BY seq) - 1 AS k
                    FROM journal WHERE kind = 'sale') s WHERE s.k = i % 20),
            NULL, 0
     FROM n;
     UPDATE counters SET value = (SELECT max(seq) FROM journal) WHERE name = 'journal'" \
  || { echo "Bail out! cannot make the journal"; exit 1; }
total=$(sql "SELECT count(*) FROM journal")

# elapsed START — seconds since START (date +%s.%N).
elapsed () { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'; }
per_second () { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

start=$(date +%s.%N)
"$MALLPOSCTL" journal --limit "$total" --json >/dev/null || exit 1
read_s=$(elapsed "$start")
start=$(date +%s.%N)
"$MALLPOSCTL" sync now >"$T/push.out" || { cat "$T/push.out"; exit 1; }
grep -h "entries:" "$T"/central-a.log | sed "s/^/# centre: /"
push_s=$(elapsed "$start")
held=$(psql_value "SELECT count(*) FROM entries WHERE status = 'applied'")
[ "$held" -eq "$total" ] || { echo "Bail out! the centre applied $held of $total"; exit 1; }
"$MALLPOS_CENTRAL" check >/dev/null || { echo "Bail out! the centre's check failed"; exit 1; }

printf 'journal entries:            %d (%s)\n' "$total" "$(cat "$T/push.out")"
printf 'read the journal alone:     %s s = %s entries/s\n' "$read_s" "$(per_second "$total" "$read_s")"
printf 'push end to end (fsync on): %s s = %s entries/s\n' "$push_s" "$(per_second "$total" "$push_s")"
printf 'RESULT sync_push=%s entries/s\n' "$(per_second "$total" "$push_s")"
