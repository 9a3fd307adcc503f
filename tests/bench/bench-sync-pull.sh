#!/bin/bash
# bench-sync-pull.sh — pull of the prices stream (DESIGN.md target "sync
# pull": 1,000,000 price rows applied in < 10 s while sales go on, no sale
# waiting > 50 ms for the store). MALLPOS_BENCH_ROWS (default 1000000) prices
# are written straight into the centre's table, then pulled twice by
# `mallposctl sync now` (5000 rows a page, each page one transaction):
# first as codes new to the terminal (each becomes a SKU), then, after the
# centre changed every price, as new prices of SKUs the terminal holds —
# the daily case — while a second process rings demo sales one after
# another in one process (bench-sale-wait). Prints rows/s and total time of
# each pull, and the sales' commit times (where a sale waits for the store)
# during the second pull beside the same with no pull going on: median,
# p99, max.
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

start=$(date +%s.%N)
"$MALLPOSCTL" sync now >"$T/first.out" 2>&1 || { cat "$T/first.out"; exit 1; }
first_s=$(elapsed "$start")
printf 'price rows at the centre:      %d\n' "$N"
printf 'first pull (new SKUs):         %s s = %s rows/s (%s)\n' "$first_s" \
  "$(awk -v n="$N" -v s="$first_s" 'BEGIN { printf "%.0f", n / s }')" "$(head -n 1 "$T/first.out")"
psql_value "UPDATE prices SET price_fen = price_fen + 10, change = nextval('price_change')" >/dev/null

# Sales in one process (tests/bench/bench-sale-wait.c): each commit timed,
# which is where a sale waits for the store while the pull writes it.
: "${MALLPOS_BENCH_SALE_WAIT:?set by meson (tests/bench/meson.build)}"
rm -f "$T/stop"; ( sleep 5; touch "$T/stop" ) &
"$MALLPOS_BENCH_SALE_WAIT" "$MALLPOS_STORE" "$T/stop" >"$T/quiet.out" 2>&1
rm -f "$T/stop"
"$MALLPOS_BENCH_SALE_WAIT" "$MALLPOS_STORE" "$T/stop" >"$T/busy.out" 2>&1 &
sellers=$!
start=$(date +%s.%N)
"$MALLPOSCTL" sync now >"$T/pull.out" 2>&1 || { cat "$T/pull.out"; touch "$T/stop"; exit 1; }
pull_s=$(elapsed "$start")
touch "$T/stop"; wait "$sellers"

rate=$(awk -v n="$N" -v s="$pull_s" 'BEGIN { printf "%.0f", n / s }')
printf 'second pull (every price new): %s s = %s rows/s (%s)\n' "$pull_s" "$rate" "$(head -n 1 "$T/pull.out")"
printf 'sale commits with no pull:     %s\n' "$(cat "$T/quiet.out")"
printf 'sale commits during the pull:  %s\n' "$(cat "$T/busy.out")"
printf 'RESULT sync_pull_rows_per_s=%s\n' "$rate"
printf 'RESULT sync_pull_sale_commit_max_ms=%s\n' "$(sed -n 's/.*max \([0-9.]*\) ms.*/\1/p' "$T/busy.out")"
sync_finish >/dev/null
