#!/bin/bash
# receipt-kinds.sh — every receipt kind (sale, return, top-up, top-up refund,
# points exchange, gift-card sale, test page, reprint) printed through
# mallposctl to a `file` printer on every profile of data/printers, with goods
# named in the characters Chinese printers print full width (× π · ° ± ① ※,
# Greek, Cyrillic, box drawing) and names longer than a line. The bytes are
# read back by check-escpos-lines.py (Python's own GB18030 codec, no MallPOS
# code): every line within the profile's columns, and the drawer kicked
# exactly once when cash moved, never when it did not.
. "$(dirname "$0")/../../scenario/lib.sh"

export MALLPOS_PRINTER_PROFILES="$PRINTER_PROFILE_DIR"
CHECK="$(dirname "$0")/check-escpos-lines.py"
LINA=8800000000039
demo_store
expect 0 "returns, top-ups and exchanges name cashier 1001" init --default-cashier 1001
"$MALLPOSCTL" import loyalty-rules "$DEMO/loyalty-rules.json" >/dev/null \
  || { echo "Bail out! cannot import the loyalty rules"; exit 1; }

# Names as a catalogue really carries them: ambiguous-width signs, Greek,
# Cyrillic, box drawing, a specification that must not be cut (750ml).
cat >"$T/wide.csv" <<'CSV'
sku,product,name,spec,category,unit,barcodes,plu,price,member_prices,tax_rate,stock
990001,W0001,张裕解百纳干红葡萄酒 特选级,750ml×6,酒水/葡萄酒,piece,,,598.00,,13,900
990002,W0002,π型收纳盒·大号 ±2°C 保鲜,①号 ※限购,日用/收纳,piece,,,35.90,,13,900
990003,W0003,αβγ希腊酸奶 Греческий йогурт,┌200g┐,食品/乳品,piece,,,12.80,,13,900
990004,W0004,Apple iPhone15ProMax256GB手机壳超长型号名称测试,TPU,数码/配件,piece,,,49.00,,13,900
CSV
"$MALLPOSCTL" import catalog "$T/wide.csv" >/dev/null || { echo "Bail out! cannot import wide.csv"; exit 1; }
cat >"$T/cards.csv" <<'CSV'
sku,product,name,spec,category,unit,barcodes,plu,price,member_prices,tax_rate,stock
990100,GC100,100元购物卡,,礼品卡/购物卡,piece,,,100.00,,0,0
CSV
"$MALLPOSCTL" import catalog "$T/cards.csv" >/dev/null || { echo "Bail out! cannot import cards"; exit 1; }
{
  printf '{"batch":"t","types":[{"code":"GC100","name":"100元购物卡","sku":"990100","face_value":"100.00"}],"cards":['
  for n in $(seq 1 "$(ls "$PRINTER_PROFILE_DIR"/*.ini | wc -l)"); do printf '%s{"serial":"GC100-%06d","pin":"7KQ4M2XP9WTA","type":"GC100"}' "${sep:-}" "$n"; sep=,; done
  printf ']}'
} >"$T/stock.json"
"$MALLPOSCTL" gift-card import "$T/stock.json" >/dev/null || { echo "Bail out! cannot import cards"; exit 1; }
cat >"$T/items.json" <<'JSON'
{"items":[{"code":"UMB01","kind":"gift","name":"晴雨伞 ①号 ×1","points":10,"cash":"10.00","stock":100},
          {"code":"BAG01","kind":"gift","name":"购物袋","points":10,"stock":100}]}
JSON
"$MALLPOSCTL" exchange items import "$T/items.json" >/dev/null || { echo "Bail out! cannot import gifts"; exit 1; }
"$MALLPOSCTL" points adjust "$LINA" --points 100000 --reason 测试 --supervisor 9001 >/dev/null
"$MALLPOSCTL" receipt-settings phone "021-6328 8888" >/dev/null
"$MALLPOSCTL" receipt-settings taxpayer_id 91310000MA1FL0XX3K >/dev/null
"$MALLPOSCTL" receipt-settings returns_policy "凭小票七日内退换（生鲜、烟酒除外）" >/dev/null
"$MALLPOSCTL" receipt-settings invoice_url "https://fapiao.example.cn/k?no={receipt_no}&amt={total}" >/dev/null
"$MALLPOSCTL" receipt-settings join_url "https://vip.example.cn/join?s=S001" >/dev/null

GOODS='{"sku":"990001"},{"sku":"990002","qty":2},{"sku":"990003"},{"sku":"990004"},{"code":"2000101012504"}'
card=0

# printed NAME KICKS COMMAND… — runs COMMAND with --print to the file printer,
# checks every line of what the printer received and the number of kicks.
printed ()
{
  local what=$1 kicks=$2
  shift 2
  : >"$T/printer.bin"
  run "$@" --print --devices "$T/devices.ini"
  if [ "$RC" -ne 0 ] || [ ! -s "$T/printer.bin" ]; then
    fail "$profile: $what: exit $RC, nothing printed"
    show_output
    return
  fi
  python3 "$CHECK" "$PRINTER_PROFILE_DIR/$profile.ini" "$T/printer.bin" >"$T/check"
  if grep -q '^bad:' "$T/check"; then
    fail "$profile: $what: lines the printer would wrap or garble"
    sed 's/^/#   /' "$T/check"
  else
    pass "$profile: $what: every line within the columns"
  fi
  same "$(head -n1 "$T/check" | sed 's/.*kicks=\([0-9]*\).*/\1/')" "$kicks" \
    "$profile: $what: drawer kicked $kicks time(s)"
}

sale_doc () { printf '{"cashier":"1001"%s,"lines":[%s],"tenders":[%s]}' "${1:+,\"member\":\"$1\"}" "$2" "$3"; }
# total_of MEMBER LINES — what a sale of LINES comes to (card and mobile pay exactly that).
total_of () { sale_doc "$1" "$2" "" | "$MALLPOSCTL" quote --json | jq -r .total; }
last_receipt () { head -n 20 "$OUT" | sed -n 's/^流水号: *//p' | head -n1; }

# What the card and mobile sales come to: paid exactly, no change.
CARD_TOTAL=$(total_of "$LINA" "$GOODS")
MOBILE_TOTAL=$(total_of "$LINA" '{"sku":"990003"}')

# use_profile NAME — the file printer with that profile, and its drawer
# (on the profile's first drawer pin) when the model has one.
use_profile ()
{
  profile=$1
  ini="$PRINTER_PROFILE_DIR/$profile.ini"
  pin=$(sed -n 's/^drawer-pins=\([25]\).*/\1/p' "$ini")
  printf '[printer0]\ncategory=printer\nbackend=file\nport=%s\nprofile=%s\n' \
    "$T/printer.bin" "$profile" >"$T/devices.ini"
  cash_kicks=0 # no drawer on this model: nothing to kick
  if [ -n "$pin" ]; then
    printf '[drawer0]\ncategory=drawer\nprinter=printer0\npin=%s\n' "$pin" >>"$T/devices.ini"
    cash_kicks=1
  fi
}

# Every kind as it happens, on a 58 mm model with its drawer on pin 2, an
# 80 mm one whose first pin is 2 too but with four-byte codes, and a model
# with no drawer: the kick follows the cash.
for profile in xprinter-58 epson-tm-t88 sunmi-58; do
  use_profile "$profile"
  section "$profile: every kind as it happens"
  sale_doc "" "$GOODS" '{"type":"cash","amount":"2000.00"}' >"$T/doc"
  printed "cash sale, non-member" "$cash_kicks" sale <"$T/doc"
  cash_sale=$(last_receipt)
  sale_doc "$LINA" "$GOODS" "{\"type\":\"bank_card\",\"amount\":\"$CARD_TOTAL\",\"reference\":\"RRN001\"}" >"$T/doc"
  printed "card sale, member" 0 sale <"$T/doc"
  card_sale=$(last_receipt)
  sale_doc "$LINA" '{"sku":"990003"}' \
    "{\"type\":\"mobile\",\"amount\":\"$MOBILE_TOTAL\",\"code\":\"134567890123456789\"}" >"$T/doc"
  printed "mobile sale" 0 sale <"$T/doc"
  printed "cash return" "$cash_kicks" return "$cash_sale" --line 2:1
  cash_return=$(last_receipt)
  printed "card return" 0 return "$card_sale" --line 3
  printed "reprint of a cash sale" 0 receipt "$cash_sale" --reprint --cashier 1001
  card=$((card + 1))
  sale_doc "" "$(printf '{"gift_card":"GC100-%06d"},{"sku":"990002"}' "$card")" \
    '{"type":"cash","amount":"200.00"}' >"$T/doc"
  printed "gift-card sale" "$cash_kicks" sale <"$T/doc"
  gift_sale=$(last_receipt)
  serial=$(printf 'GC100-%06d' "$card")
  mentions "$T/printer.bin" "GC10****${serial: -4}" "$profile: the gift card's serial is masked"
  lacks "$T/printer.bin" "$serial" "$profile: the full serial is not printed"
  printed "cash top-up" "$cash_kicks" stored-value top-up "$LINA" --amount 100.00 --tender cash
  top_up=$(sed -n 's/^流水号: *//p' "$OUT" | head -n1)
  printed "top-up refund in cash" "$cash_kicks" stored-value refund-top-up "$top_up" --supervisor 9001
  top_up_refund=$(sed -n 's/^流水号: *//p' "$OUT" | head -n1)
  printed "card top-up" 0 stored-value top-up "$LINA" --amount 100.00 --tender bank_card --reference RRN2
  printed "exchange with a cash part" "$cash_kicks" exchange --member "$LINA" UMB01
  exchange=$(sed -n 's/^流水号: *//p' "$OUT" | head -n1)
  printed "exchange for points only" 0 exchange --member "$LINA" BAG01
done

# Every kind on every profile: the receipts above printed again (a reprint
# moves no cash: no kick), and the test page.
for ini in "$PRINTER_PROFILE_DIR"/*.ini; do
  use_profile "$(basename "$ini" .ini)"
  section "$profile: every kind within the columns"
  printed "sale" 0 receipt "$cash_sale" --reprint --cashier 1001
  printed "member sale" 0 receipt "$card_sale" --reprint --cashier 1001
  printed "return" 0 receipt "$cash_return" --reprint --cashier 1001
  printed "gift-card sale" 0 receipt "$gift_sale" --reprint --cashier 1001
  printed "top-up" 0 stored-value show "$top_up"
  printed "top-up refund" 0 stored-value show "$top_up_refund"
  printed "exchange" 0 exchange show "$exchange"
  : >"$T/printer.bin"
  run test-print --devices "$T/devices.ini"
  python3 "$CHECK" "$ini" "$T/printer.bin" >"$T/check"
  ! grep -q '^bad:' "$T/check" && pass "$profile: test page within the columns" \
    || { fail "$profile: test page"; sed 's/^/#   /' "$T/check"; }
done
finish
