#!/bin/bash
# readme-tour.sh — README's mallposctl tour, taken from README.md itself (the
# ```sh block under "### mallposctl"), runs line by line as written from the
# top of the clone on a fresh store: every line exits 0. Only the store path
# of its first line is moved into the test's temp folder; the clock is
# pinned (receipt numbers), so the tour must not depend on the date.
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$DEMO/../.." && pwd)
export PATH="$(cd "$(dirname "$MALLPOSCTL")" && pwd):$PATH"
export HOME="$T/home" XDG_DATA_HOME="$T/home/data" XDG_CONFIG_HOME="$T/home/config"
unset MALLPOS_STORE MALLPOS_DEVICES
export MALLPOS_TEST_OWN_SHIFT=1 # the tour opens its shift as README says

awk '/^### mallposctl$/ { in_section = 1; next }
     in_section && /^```sh$/ { in_block = 1; next }
     in_block && /^```$/ { exit }
     in_block' "$TOP/README.md" >"$T/tour"
same "$(head -n 1 "$T/tour" | cut -d' ' -f1-2)" "export MALLPOS_STORE=/tmp/shop.db" \
  "the tour starts by naming its own store"
[ "$(wc -l <"$T/tour")" -ge 25 ] && pass "the tour has $(wc -l <"$T/tour") lines" \
  || fail "the tour block was not found in README.md"
sed -i "1s|/tmp/shop.db|$T/shop.db|" "$T/tour"

cd "$TOP" || exit 1
while IFS= read -r line; do
  eval "$line" >"$OUT" 2>"$ERR" </dev/null
  RC=$?
  if [ "$RC" -eq 0 ]; then
    pass "$line"
  else
    fail "$line: exit $RC"
    show_output
  fi
done <"$T/tour"
same "${MALLPOS_STORE:-}" "$T/shop.db" "the tour's store is the one it exported"
same "$(sql "SELECT count(*) FROM sales")" 4 "sale, return, resumed sale, gift-card sale: four records"
same "$("$MALLPOSCTL" points balance 13700001111 --json | jq -r .available)" 100 \
  "the member registered in the tour has the registration bonus"
same "$(sql "SELECT count(*) FROM sales WHERE cashier = 'unknown'")" 0 "every receipt names its cashier"

finish
