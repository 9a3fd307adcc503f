#!/bin/bash
# errors.sh — what a user sees when something is wrong: a payment short of
# the total (6), a sale document that is not JSON or not a sale (4), an
# ambiguous search (6), an ambiguous document (a key twice, an unknown key,
# a NUL: 4), a damaged store (8), and every command called with
# wrong arguments (2, a message on stderr, nothing on stdout). A refused
# sale never changes the store.
. "$(dirname "$0")/lib.sh"
demo_store

# refused CODE DESCRIPTION DOCUMENT — sale of DOCUMENT (text) fails with CODE
# and leaves the store as it was.
refused ()
{
  local before
  printf '%s' "$3" >"$T/doc.json"
  before=$(fingerprint)
  expect "$1" "$2" sale <"$T/doc.json"
  same "$(fingerprint)" "$before" "$2: the store is unchanged"
  if [ -s "$OUT" ]; then
    fail "$2: something was printed on stdout"
  fi
}

section "payments"
refused 6 "paying 100.00 of 152.55" "$(jq '.tenders[0].amount = "100.00"' "$DEMO/sale.json")"
has_line "$ERR" "mallposctl: 52.55 is still due (paid 100.00 of 152.55)" \
  "the message gives what is due, paid and the total"
refused 6 "paying nothing" "$(jq 'del(.tenders)' "$DEMO/sale.json")"
has_line "$ERR" "mallposctl: 152.55 is still due (paid 0.00 of 152.55)" "the message for no payment"
refused 6 "a card payment above the total" \
  '{"cashier":"1","lines":[{"sku":"100094"}],"tenders":[{"type":"bank_card","amount":"5.00","reference":"1"}]}'
mentions "$ERR" "only cash gives change" "the message says why"
refused 4 "an unknown payment type" \
  '{"cashier":"1","lines":[{"sku":"100094"}],"tenders":[{"type":"bitcoin","amount":"5.00"}]}'
mentions "$ERR" "bitcoin" "the message names the payment type"
refused 4 "an amount as a JSON number" \
  '{"cashier":"1","lines":[{"sku":"100094"}],"tenders":[{"type":"cash","amount":5}]}'
refused 4 "a negative amount" \
  '{"cashier":"1","lines":[{"sku":"100094"}],"tenders":[{"type":"cash","amount":"-5.00"}]}'

section "documents that are not JSON"
refused 4 "a truncated document" '{"cashier": "1001", "lines": ['
mentions "$ERR" "JSON" "the message says it is not valid JSON"
mentions "$ERR" "standard input" "the message says where the JSON came from"
refused 4 "an empty stdin" ''
mentions "$ERR" "empty" "the message says stdin is empty"
refused 4 "a document with text after it" \
  '{"cashier":"1","lines":[{"sku":"100094"}],"tenders":[{"type":"cash","amount":"5.00"}]} and more'
mentions "$ERR" "JSON" "text after the document is refused"
refused 4 "two documents" \
  '{"cashier":"1","lines":[{"sku":"100094"}],"tenders":[{"type":"cash","amount":"5.00"}]}{}'
refused 4 "an array instead of a sale" '[]'
mentions "$ERR" "object" "the message says a sale is an object"
refused 4 "a document in another encoding" "$(printf '{"cashier":"\xb2\xe2\xca\xd4"}')"
expect 4 "quote of a truncated document" quote <<<'{"lines": [{"sku": "100001"'
mentions "$ERR" "JSON" "quote says the JSON is bad"
expect 4 "suspend of a truncated document" suspend <<<'{"lines": '
mentions "$ERR" "JSON" "suspend says the JSON is bad"

section "documents that are JSON but not a sale"
refused 4 "no lines" '{"cashier":"1","lines":[],"tenders":[{"type":"cash","amount":"5.00"}]}'
refused 4 "a line with qty 0" \
  '{"cashier":"1","lines":[{"sku":"100094","qty":0}],"tenders":[{"type":"cash","amount":"5.00"}]}'
mentions "$ERR" "line 1" "the message names the line"
refused 4 "a line with a fractional qty" \
  '{"cashier":"1","lines":[{"sku":"100094","qty":1.5}],"tenders":[{"type":"cash","amount":"5.00"}]}'
refused 4 "a line with both code and sku" \
  '{"cashier":"1","lines":[{"sku":"100094","code":"6982959570664"}],"tenders":[{"type":"cash","amount":"5.00"}]}'
refused 4 "a misread barcode" \
  '{"cashier":"1","lines":[{"sku":"100094"},{"code":"6982959570665"}],"tenders":[{"type":"cash","amount":"9.00"}]}'
mentions "$ERR" "line 2" "the message names line 2"
mentions "$ERR" "check digit" "and says it is the check digit"
refused 3 "an unknown barcode" \
  '{"cashier":"1","lines":[{"code":"6901234567892"}],"tenders":[{"type":"cash","amount":"9.00"}]}'
refused 3 "an unknown member" \
  '{"cashier":"1","member":"8800000000000","lines":[{"sku":"100094"}],"tenders":[{"type":"cash","amount":"9.00"}]}'
refused 6 "a search that matches several products" \
  '{"cashier":"1","lines":[{"search":"可口可乐"}],"tenders":[{"type":"cash","amount":"9.00"}]}'
mentions "$ERR" "100094 可口可乐 330ml" "the message tells the sizes apart (330ml)"
mentions "$ERR" "100096 可口可乐 2L" "the message tells the sizes apart (2L)"
refused 3 "a search that matches nothing" \
  '{"cashier":"1","lines":[{"search":"火星牌月饼"}],"tenders":[{"type":"cash","amount":"9.00"}]}'

section "ambiguous documents: keys given twice, unknown keys, NULs"
# cJSON alone keeps the first of two equal keys and cuts a string at \u0000:
# each of these would have sold something else than the document says.
L='{"sku":"100094"}'
C='{"type":"cash","amount":"500.00"}'
refused 4 "a line with qty twice" "{\"cashier\":\"1\",\"lines\":[{\"sku\":\"100094\",\"qty\":1,\"qty\":100}],\"tenders\":[$C]}"
mentions "$ERR" "standard input: lines[0] (line 1, column 49): “qty” is given twice" "the message names the key and where it is"
refused 4 "two lines arrays" "{\"cashier\":\"1\",\"lines\":[$L],\"lines\":[$L,$L],\"tenders\":[$C]}"
mentions "$ERR" "“lines” is given twice" "names lines"
refused 4 "two tenders arrays" "{\"cashier\":\"1\",\"lines\":[$L],\"tenders\":[$C],\"tenders\":[]}"
mentions "$ERR" "“tenders” is given twice" "names tenders"
refused 4 "a payment with amount twice" \
  "{\"cashier\":\"1\",\"lines\":[$L],\"tenders\":[{\"type\":\"cash\",\"amount\":\"1.00\",\"amount\":\"500.00\"}]}"
mentions "$ERR" "tenders[0] (line 1, column 85): “amount” is given twice" "names the payment's amount"
refused 4 "a member given twice" \
  "{\"cashier\":\"1\",\"member\":\"8800000000017\",\"member\":\"8800000000025\",\"lines\":[$L],\"tenders\":[$C]}"
mentions "$ERR" "“member” is given twice" "names member"
refused 4 "a misspelt qty" "{\"cashier\":\"1\",\"lines\":[{\"sku\":\"100094\",\"qtty\":5}],\"tenders\":[$C]}"
mentions "$ERR" "lines[0] (line 1, column 41): unknown field “qtty”; a sale line may have: code, sku, search, gift_card, qty" \
  "the message names the unknown key, where it is and the keys a line has"
refused 4 "a misspelt top-level key" "{\"cashier\":\"1\",\"lines\":[$L],\"tenders\":[$C],\"order_discont\":\"5.00\"}"
mentions "$ERR" "unknown field “order_discont”" "names the misspelt order discount"
refused 4 "a PIN on a cash payment" \
  "{\"cashier\":\"1\",\"lines\":[$L],\"tenders\":[{\"type\":\"cash\",\"amount\":\"500.00\",\"pin\":\"1234\"}]}"
mentions "$ERR" "a payment with “type”: “cash” may have: type, amount, reference" "the keys of a cash payment"
refused 4 "a member number with \\u0000" \
  "{\"cashier\":\"1\",\"member\":\"88000000\\u000000017\",\"lines\":[$L],\"tenders\":[$C]}"
mentions "$ERR" "member (line 1, column 34): the text holds \\u0000" "the message names the NUL and where it is"
refused 4 "a barcode with \\u0000" \
  "{\"cashier\":\"1\",\"lines\":[{\"code\":\"6982959570664\\u0000 01\"}],\"tenders\":[$C]}"
mentions "$ERR" "lines[0].code" "names the line's code"
printf '{"cashier":"1","lines":[{"sku":"100094"}],"tenders":[%s]}\0' "$C" >"$T/nul.json"
before=$(fingerprint)
expect 4 "a document followed by a NUL byte" sale <"$T/nul.json"
mentions "$ERR" "a NUL byte" "the message names the NUL byte"
same "$(fingerprint)" "$before" "a NUL byte: the store is unchanged"
refused 4 "a name with a line break" \
  "{\"cashier\":\"1\\n2\",\"lines\":[$L],\"tenders\":[$C]}"
mentions "$ERR" "“cashier” holds a line break" "names the field with a line break"

section "damaged and busy stores"
cp "$MALLPOS_STORE" "$T/good.db"
head -c 65536 /dev/urandom >"$T/garbage.db"
expect 5 "sale on a garbage file" sale --store "$T/garbage.db" <"$DEMO/sale.json"
mentions "$ERR" "not a MallPOS store" "the message says the file is not a store"
expect 5 "check on a garbage file" check --store "$T/garbage.db"
# Overwrite the middle of a real store: pages are damaged, the header is fine.
size=$(stat -c %s "$T/good.db")
dd if=/dev/urandom of="$T/good.db" bs=4096 seek=3 count=$(((size / 4096) - 4)) conv=notrunc \
  status=none
run check --store "$T/good.db"
if [ "$RC" -eq 7 ] || [ "$RC" -eq 8 ]; then
  pass "check on a store with damaged pages reports it (exit $RC)"
else
  fail "check on a store with damaged pages: exit $RC, expected 7 or 8"
  show_output
fi
if [ -s "$OUT" ] || [ -s "$ERR" ]; then
  pass "damaged store: the problem is reported"
else
  fail "damaged store: nothing was reported"
fi

section "a store whose last page was cut short"
"$MALLPOSCTL" sale <"$DEMO/sale.json" >/dev/null
cp "$MALLPOS_STORE" "$T/backup.db"
truncate -s -100 "$MALLPOS_STORE"
before=$(md5sum <"$MALLPOS_STORE")
expect 8 "sale on a cut-short store" sale <"$DEMO/sale.json"
mentions "$ERR" "is damaged" "the cashier is told the store is damaged"
mentions "$ERR" "its end was cut off" "and what is wrong with it"
mentions "$ERR" "Restore the store from its latest backup" "and what to do"
same "$(md5sum <"$MALLPOS_STORE")" "$before" "the refused sale wrote nothing"
same "$(stat -c %s "$MALLPOS_STORE-wal" 2>/dev/null || echo 0)" 0 "nor anything to the WAL"
expect 8 "an import on the cut-short store" import promotions "$DEMO/promotions.json"
mentions "$ERR" "its end was cut off" "the import is refused for the same reason"
# What was cut held a sale's lines: check stops there, and says the store is damaged.
expect 8 "check on the cut-short store" check
mentions "$ERR" "its end was cut off" "check shows what the damage mark says"
cp "$T/backup.db" "$MALLPOS_STORE"
expect 0 "check after restoring the backup" check
mentions "$OUT" "damage mark is removed" "check says selling may resume"
expect 0 "a sale after the restore" sale <"$DEMO/sale.json"

section "usage: every command, wrong arguments"
expect_usage "no command" ""
expect_usage "no arguments at all"
expect_usage "an unknown command" frobnicate
mentions "$ERR" "frobnicate" "the message names the unknown command"
expect_usage "an option before the command" --store "$MALLPOS_STORE" check
mentions "$ERR" "after the command" "the message says options go after the command"
for verb in init import product quote sale return approve-return suspend suspended receipt check; do
  expect_usage "$verb --no-such-option" "$verb" --no-such-option
  mentions "$ERR" "--no-such-option" "$verb names the unknown option"
  mentions "$ERR" "mallposctl $verb --help" "$verb points at its --help"
  expect 0 "$verb --help" "$verb" --help
  mentions "$OUT" "mallposctl $verb" "$verb --help shows the command's usage"
done
expect_usage "--store without a path" check --store
expect_usage "--store with an empty path" check --store ""
mentions "$ERR" "--store" "the message names --store"
expect_usage "check with an argument" check now
expect_usage "suspended with an argument" suspended all
expect_usage "quote with an argument" quote "$DEMO/sale.json"
expect 0 "mallposctl --help" --help
mentions "$OUT" "Exit codes" "--help lists the exit codes"

finish
