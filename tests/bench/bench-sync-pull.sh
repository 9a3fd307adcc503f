#!/bin/bash
# bench-sync-pull.sh — pull of the prices stream (DESIGN.md target "sync
# pull": 1,000,000 price rows applied in < 10 s while sales go on, no sale
# waiting > 50 ms for the store). MALLPOS_BENCH_ROWS (default 1000000) prices
# are written straight into the centre's table, then pulled twice by
# `mallposctl sync now` (5000 rows a page, each page one transaction):
# first as codes new to the terminal (each becomes a SKU), then, after the
# centre changed every price, as new prices of SKUs the terminal holds —
# the daily case — while a second process rings demo sales one after
# another. Prints rows/s and total time of each pull, and each sale's wall
# time (a whole `mallposctl sale` process: start, open, price, commit) during
# the second pull beside the same sales with no pull going on: median, p99,
# max. The store's own wait is at most the difference to the quiet sales.
. "$(dirname "$0")/../sync/lib.sh"
N=${MALLPOS_BENCH_ROWS:-1000000}

pg_start
make_certs
central_start a
enrolled_store >/dev/null
psql_value "INSERT INTO prices (code, name, price_fen, change)
            SELECT 'B' || lpad(g::text, 9, '0'), '商品 ' || g, 100 + g % 9000, nextval('price_change')
            FROM generate_series(1, $N) g" >/dev/null || { echo "Bail out! cannot fill the centre"; exit 1; }

elapsed () { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'; }

# sales_while FILE — demo sales one after another until $T/stop exists;
# each sale's wall time in ms, one a line, in FILE.
sales_while ()
{
  local start
  while [ ! -e "$T/stop" ]; do
    start=$(date +%s.%N)
    "$MALLPOSCTL" sale <"$DEMO/sale.json" >/dev/null 2>>"$T/sale.err" || echo "sale failed" >>"$T/sale.err"
    awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }' >>"$1"
  done
}
stats () { sort -n "$1" | awk '{ v[NR] = $1 } END { p = int(NR * 0.99); if (p < 1) p = 1; printf "%d sales, median %.1f ms, p99 %.1f ms, max %.1f ms", NR, v[int((NR + 1) / 2)], v[p], v[NR] }'; }

start=$(date +%s.%N)
"$MALLPOSCTL" sync now >"$T/first.out" 2>&1 || { cat "$T/first.out"; exit 1; }
first_s=$(elapsed "$start")
printf 'price rows at the centre:      %d\n' "$N"
printf 'first pull (new SKUs):         %s s = %s rows/s (%s)\n' "$first_s" \
  "$(awk -v n="$N" -v s="$first_s" 'BEGIN { printf "%.0f", n / s }')" "$(head -n 1 "$T/first.out")"
psql_value "UPDATE prices SET price_fen = price_fen + 10, change = nextval('price_change')" >/dev/null

rm -f "$T/stop"; ( sleep 5; touch "$T/stop" ) & sales_while "$T/quiet.ms"
rm -f "$T/stop"
sales_while "$T/busy.ms" &
sellers=$!
start=$(date +%s.%N)
"$MALLPOSCTL" sync now >"$T/pull.out" 2>&1 || { cat "$T/pull.out"; touch "$T/stop"; exit 1; }
pull_s=$(elapsed "$start")
touch "$T/stop"; wait "$sellers"
[ -s "$T/sale.err" ] && { echo "# sales failed during the pull:"; sed 's/^/#   /' "$T/sale.err" | head; }

printf 'second pull (every price new): %s s = %s rows/s (%s)\n' "$pull_s" \
  "$(awk -v n="$N" -v s="$pull_s" 'BEGIN { printf "%.0f", n / s }')" "$(head -n 1 "$T/pull.out")"
printf 'sales with no pull:            %s\n' "$(stats "$T/quiet.ms")"
printf 'sales during the pull:         %s\n' "$(stats "$T/busy.ms")"
printf 'RESULT sync_pull_rows_per_s=%s\n' "$(awk -v n="$N" -v s="$pull_s" 'BEGIN { printf "%.0f", n / s }')"
printf 'RESULT sync_pull_sale_max_ms=%s\n' "$(sort -n "$T/busy.ms" | tail -n 1)"
sync_finish >/dev/null
