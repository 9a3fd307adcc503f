# lib.sh — sourced by the sync suite's scripts (on top of
# tests/scenario/lib.sh): a throwaway PostgreSQL cluster, a test CA with the
# centre's certificate, and mallpos-central processes on loopback, all made
# in the test's temp dir and stopped when it exits. As root (CI), PostgreSQL
# runs as `nobody` (initdb refuses root). Needs: postgresql, openssl.

: "${MALLPOS_CENTRAL:?MALLPOS_CENTRAL must name the mallpos-central binary (set by meson test)}"
source "$(dirname "${BASH_SOURCE[0]}")/../scenario/lib.sh"
# The sync client honours MALLPOS_NOW only for its clock-independent parts;
# the backoff tests need a real clock.

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
for tool in "$PGBIN/initdb" "$PGBIN/pg_ctl" openssl; do
  if [ ! -x "$tool" ] && ! command -v "$tool" >/dev/null 2>&1; then
    echo "Bail out! $tool is required by the sync tests (see packaging/debian-packages.txt)"
    exit 1
  fi
done

chmod 755 "$T"
CENTRAL_PIDS=()
PG_DIR="$T/pg"
PG_SOCK="$T/pgsock"
export MALLPOS_CENTRAL_DB="host=$PG_SOCK port=5433 user=central dbname=postgres"

as_pg ()
{
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

stop_all ()
{
  local pid
  for pid in "${CENTRAL_PIDS[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${CENTRAL_PIDS[@]}"; do
    wait "$pid" 2>/dev/null
  done
  [ -f "$PG_DIR/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PG_DIR" -m immediate stop >/dev/null 2>&1
  rm -rf "$T"
}
trap stop_all EXIT

# pg_start — a new cluster (no fsync: it is thrown away), listening only on a
# socket in the temp dir.
pg_start ()
{
  mkdir -p "$PG_DIR" "$PG_SOCK" "$T/pglog"
  [ "$(id -u)" -eq 0 ] && chown nobody "$PG_DIR" "$PG_SOCK" "$T/pglog"
  as_pg "$PGBIN/initdb" -D "$PG_DIR" -A trust -U central --no-sync >"$T/initdb.log" 2>&1 \
    || { echo "Bail out! initdb failed:"; sed 's/^/# /' "$T/initdb.log"; exit 1; }
  pg_restart
}

pg_restart ()
{
  as_pg "$PGBIN/pg_ctl" -D "$PG_DIR" -w -l "$PG_DIR/../pglog/pg.log" \
    -o "-k $PG_SOCK -p 5433 -c listen_addresses= -c fsync=${PG_FSYNC:-off}" start >/dev/null \
    || { echo "Bail out! PostgreSQL did not start:"; sed "s/^/# /" "$T/pglog/pg.log"; exit 1; }
}

pg_stop () { as_pg "$PGBIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null; }

# psql_value SQL — one value from the centre's database.
psql_value () { "$PGBIN/psql" -X -A -t -q "$MALLPOS_CENTRAL_DB" -c "$1"; }

# make_certs — a CA, the centre's key and certificate for 127.0.0.1, and a
# second (wrong) key and certificate from the same CA.
make_certs ()
{
  local name
  (
    cd "$T" || exit 1
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
      -subj "/CN=MallPOS test CA" -keyout ca.key -out ca.pem 2>/dev/null
    for name in centre wrong; do
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
        -keyout "$name.key" -out "$name.csr" 2>/dev/null
      openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
        -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n') \
        -out "$name.pem" 2>/dev/null
    done
  ) || { echo "Bail out! openssl could not make the test certificates"; exit 1; }
  PIN=$("$MALLPOS_CENTRAL" pin --cert "$T/centre.pem")
  WRONG_PIN=$("$MALLPOS_CENTRAL" pin --cert "$T/wrong.pem")
}

# central_start NAME [CERT] — a centre process on a free loopback port; sets
# PORT_<NAME> and adds its pid to CENTRAL_PIDS.
central_start ()
{
  local name=$1 cert=${2:-centre} pid i
  rm -f "$T/port-$name"
  "$MALLPOS_CENTRAL" serve --cert "$T/$cert.pem" --key "$T/$cert.key" --port 0 --threads 2 \
    --port-file "$T/port-$name" >>"$T/central-$name.log" 2>&1 &
  pid=$!
  CENTRAL_PIDS+=("$pid")
  eval "PID_$name=$pid"
  for i in $(seq 1 100); do
    if [ -s "$T/port-$name" ]; then
      eval "PORT_$name=$(cat "$T/port-$name")"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "Bail out! mallpos-central $name did not start:"
  sed 's/^/# /' "$T/central-$name.log"
  exit 1
}

central_stop ()
{
  local pid
  eval "pid=\$PID_$1"
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

# enrolment_code STORE TERMINAL — a new one-time code from the centre.
enrolment_code ()
{
  "$MALLPOS_CENTRAL" terminal add --store "$1" --terminal "$2" | sed -n 's/.*(valid 24 h, once): //p'
}

# central_invariants DESC — the centre's own check passes.
central_invariants ()
{
  if "$MALLPOS_CENTRAL" check >"$T/check.out" 2>&1; then
    pass "$1: every balance at the centre equals the sum of its ledger"
  else
    fail "$1: mallpos-central check failed"
    sed 's/^/#   /' "$T/check.out"
  fi
}

# ledgers_agree DESC — for every member, the points and stored value the
# terminal's journaled ledger rows add up to equal the centre's balances.
ledgers_agree ()
{
  local terminal centre
  terminal=$(sql "SELECT 'S001/T01#member:' || member_id || '|points|' || sum(available + pending)
                  FROM points_ledger WHERE action_id IN (SELECT ref_id FROM journal)
                  GROUP BY member_id
                  UNION ALL
                  SELECT 'S001/T01#member:' || member_id || '|stored_value|' || sum(principal + bonus)
                  FROM sv_ledger WHERE action_id IN (SELECT ref_id FROM journal)
                  GROUP BY member_id ORDER BY 1")
  centre=$(psql_value "SELECT account || '|' || asset || '|' || balance FROM balances ORDER BY 1")
  if [ -n "$terminal" ] && [ "$terminal" = "$centre" ]; then
    pass "$1: terminal and centre agree on every member's points and stored value"
  else
    fail "$1: terminal and centre disagree"
    printf '#   terminal: %s\n#   centre:   %s\n' "$terminal" "$centre"
  fi
}

# proxy_start UPSTREAM_PORT — the fault proxy (fault-proxy.py) in front of a
# centre; sets PROXY_PORT; proxy_mode MODE… switches what it does.
proxy_start ()
{
  local i
  rm -f "$T/proxy-port"
  python3 "$(dirname "${BASH_SOURCE[0]}")/fault-proxy.py" "$1" "$T/centre.pem" "$T/centre.key" \
    "$T/proxy-mode" "$T/proxy-port" 2>>"$T/proxy.log" &
  CENTRAL_PIDS+=("$!")
  for i in $(seq 1 100); do
    [ -s "$T/proxy-port" ] && { PROXY_PORT=$(cat "$T/proxy-port"); return 0; }
    sleep 0.1
  done
  echo "Bail out! the fault proxy did not start"; sed 's/^/# /' "$T/proxy.log"; exit 1
}
proxy_mode () { echo "$*" >"$T/proxy-mode"; }

# The terminal's side, shared by the suite's scripts.
sale () { expect 0 "$1" sale <"$DEMO/sale.json"; }
journal_count () { sql "SELECT count(*) FROM journal"; }
centre_count () { psql_value "SELECT count(*) FROM entries"; }
use_centre () { sql "UPDATE sync_enrolment SET url = 'https://127.0.0.1:$1'"; }

# invariants DESC — every journal entry is at the centre exactly once, the
# terminal's cursor is at its end and the centre holds it all contiguously.
invariants ()
{
  local n
  n=$(journal_count)
  same "$(centre_count)" "$n" "$1: the centre holds each of the $n journal entries once"
  same "$(psql_value "SELECT count(DISTINCT id) FROM entries")" "$n" "$1: no entry id twice"
  same "$(sql 'SELECT pushed_seq FROM sync_state')" "$(sql 'SELECT max(seq) FROM journal')" \
    "$1: the terminal's push cursor is at the end of its journal"
  same "$(psql_value 'SELECT contiguous_seq FROM terminals')" "$(sql 'SELECT max(seq) FROM journal')" \
    "$1: the centre holds 1…n contiguously"
  central_invariants "$1"
  ledgers_agree "$1"
}


# enrolled_store — the demo store with loyalty rules, enrolled with centre a.
enrolled_store ()
{
  local code
  demo_store
  "$MALLPOSCTL" import loyalty-rules "$DEMO/loyalty-rules.json" >/dev/null \
    || { echo "Bail out! cannot import the loyalty rules"; exit 1; }
  code=$(enrolment_code S001 T01)
  "$MALLPOSCTL" sync enrol --url "https://127.0.0.1:$PORT_a" --code "$code" --pin "$PIN" >/dev/null \
    || { echo "Bail out! cannot enrol"; exit 1; }
}

# proxied_store — PostgreSQL, centre a, the fault proxy in front of it, and
# the demo store enrolled and talking to the centre through the proxy.
proxied_store ()
{
  pg_start
  make_certs
  central_start a
  proxy_start "$PORT_a"
  enrolled_store
  use_centre "$PROXY_PORT"
}

# Store B of the tests with two stores (B set by the test): mallposctl,
# sqlite3 and expect on it.
at_b () { MALLPOS_STORE=$B "$@"; }
sql_b () { sqlite3 -batch -noheader "$B" "$1"; }
expect_b () { MALLPOS_STORE=$B expect "$@"; }

# other_store FILE STORE PORT [production] — another store of the mall (the
# demo catalog, member levels, loyalty rules and staff, no members of its
# own), enrolled as STORE/T01 through the centre on PORT; a training store
# like every test store, unless `production` (a store that sells: the real
# clock).
other_store ()
{
  local code init=$MALLPOSCTL
  [ "${4:-}" = production ] && init=$MALLPOSCTL_REAL
  MALLPOS_STORE=$1 "$init" init --from "$DEMO/store.json" --store-code "$2" --terminal T01 \
    >/dev/null \
    && MALLPOS_STORE=$1 "$MALLPOSCTL" import catalog "$DEMO/catalog.csv" >/dev/null \
    && jq '{groups, levels}' "$DEMO/members.json" >"$T/levels.json" \
    && MALLPOS_STORE=$1 "$MALLPOSCTL" import members "$T/levels.json" >/dev/null \
    && MALLPOS_STORE=$1 "$MALLPOSCTL" import loyalty-rules "$DEMO/loyalty-rules.json" >/dev/null \
    || { echo "Bail out! cannot create store $2"; exit 1; }
  add_staff "$1"
  code=$(enrolment_code "$2" T01)
  MALLPOS_STORE=$1 "$MALLPOSCTL" sync enrol --url "https://127.0.0.1:$3" --code "$code" --pin "$PIN" \
    >/dev/null || { echo "Bail out! store $2 cannot enrol"; exit 1; }
}

# sync_finish — stops the centres (a clean SIGTERM), fails if any of them
# logged a sanitizer report (the ASan build runs this suite too), then the
# scenario verdict.
sync_finish ()
{
  local pid
  for pid in "${CENTRAL_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${CENTRAL_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  CENTRAL_PIDS=()
  if grep -l -E 'AddressSanitizer|LeakSanitizer|runtime error' "$T"/central-*.log >/dev/null 2>&1; then
    fail "a centre process logged a sanitizer report"
    grep -h -A 20 -E 'AddressSanitizer|LeakSanitizer|runtime error' "$T"/central-*.log | sed 's/^/#   /' | head -n 60
  else
    pass "no centre process logged a sanitizer report"
  fi
  finish
}
