#!/bin/bash
# training.sh — 练习模式: a store made with `init --training` says so on every
# receipt and in `status`, marks every journal entry training, and keeps the
# mark for good (the schema refuses to clear it, and no store that has
# recorded anything can gain it). MALLPOS_NOW pins the clock of a training
# store only: a production store sells on the real clock and says once that
# it ignores MALLPOS_NOW.
. "$(dirname "$0")/lib.sh"

DOC='{"cashier":"1001","lines":[{"code":"6900183401066"}],"tenders":[{"type":"cash","amount":"100.00"}]}'

section "a training store (lib.sh makes every test store one)"
demo_store
expect 0 "status --json" status --json
same "$(jq -r .training "$OUT")" true "status says training"
expect 0 "status" status
mentions "$OUT" "training store   yes (练习模式)" "the text status says so"
expect 0 "a sale" sale --json <<<"$DOC"
same "$(jq -r .receipt_no "$OUT")" "$(receipt_no 1)" "MALLPOS_NOW pins a training store's clock"
expect 0 "its receipt" receipt "$(receipt_no 1)"
same "$(grep -c '练习模式 非销售凭证' "$OUT")" 2 "the receipt says 练习模式 at the top and the bottom"
expect 0 "the journal" journal --json --limit 1000
same "$(jq '[.[] | select(.training != true)] | length' "$OUT")" 0 \
  "every journal entry is marked training, so the centre never counts it"
same "$(jq 'length > 0' "$OUT")" true "… and there are entries to mark"

section "the mark stays"
sql "DELETE FROM training_mode" >"$OUT" 2>&1
mentions "$OUT" "a training store stays a training store" "it cannot be deleted"
sql "UPDATE training_mode SET since = 0" >"$OUT" 2>&1
mentions "$OUT" "a training store stays a training store" "nor changed"
same "$(sql "SELECT count(*) FROM training_mode")" 1 "it is still there"

section "a production store"
PROD="$T/production.db"
MALLPOSCTL=$MALLPOSCTL_REAL expect 0 "init without --training (the real mallposctl, not lib.sh's wrapper)" \
  init --store "$PROD" --from "$DEMO/store.json" --default-cashier 1001
run status --store "$PROD" --json
same "$(jq -r .training "$OUT")" false "status says production"
"$MALLPOSCTL_REAL" import catalog --store "$PROD" "$DEMO/catalog.csv" >/dev/null
"$MALLPOSCTL_REAL" shift open --store "$PROD" --float 0 >/dev/null
"$MALLPOSCTL_REAL" sale --store "$PROD" --json <<<"$DOC" >"$OUT" 2>"$ERR"
TODAY=$(jq -r .receipt_no "$OUT")
if [ "$TODAY" != "$(receipt_no 1)" ] && [[ "$TODAY" =~ ^S001-T01-[0-9]{8}-0001$ ]]; then
  pass "a production store sells on the real clock ($TODAY), not MALLPOS_NOW's day"
else
  fail "a production store's sale was numbered $TODAY"
fi
same "$(grep -c "MALLPOS_NOW=$MALLPOS_NOW is ignored: this is a production store" "$ERR")" 1 \
  "it says once that it ignores MALLPOS_NOW"
run receipt --store "$PROD" "$TODAY"
lacks "$OUT" "练习模式" "a production receipt says nothing of training"
run journal --store "$PROD" --json
same "$(jq '[.[] | select(.training)] | length' "$OUT")" 0 "no production entry is marked training"
expect 4 "a store with records cannot become a training store" \
  init --store "$PROD" --from "$DEMO/store.json"
mentions "$ERR" "only a new store can become a training store" "and it says why"
same "$(sqlite3 "$PROD" "SELECT count(*) FROM training_mode")" 0 "it is still production"

finish
