#!/bin/bash
# demo-receipt.sh — the demo store with every receipt setting (logo, phone,
# taxpayer ID, header lines, returns policy, e-invoice and membership QR
# links), a member's sale (gift card sold, paid in cash, points
# earned and pending with their date, stored value after) and a non-member's
# sale, printed on the virtual printer as a 58 mm and an 80 mm model. The
# PNGs and texts stay in $RECEIPT_OUTPUT_DIR for people to look at; the test
# checks that every field is on paper.
. "$(dirname "$0")/../../scenario/lib.sh"

export MALLPOS_PRINTER_PROFILES="$PRINTER_PROFILE_DIR"
# fontconfig's caches live as long as the process (sanitizer builds).
export LSAN_OPTIONS="suppressions=$(dirname "$0")/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
OUTPUT=${RECEIPT_OUTPUT_DIR:-$T/output}
WANG=8800000000017 # 金卡会员: 95折
demo_store
expect 0 "returns, top-ups and exchanges name cashier 1001" init --default-cashier 1001
"$MALLPOSCTL" import loyalty-rules "$DEMO/loyalty-rules.json" >/dev/null \
  || { echo "Bail out! cannot import the loyalty rules"; exit 1; }
printf 'sku,product,name,spec,category,unit,barcodes,plu,price,member_prices,tax_rate,stock\n%s\n%s\n' \
  '990100,GC100,100元购物卡,,礼品卡/购物卡,piece,,,100.00,,0,0' \
  '990001,W0001,张裕解百纳干红葡萄酒 特选级,750ml,酒水/葡萄酒,piece,,,198.00,,13,90' >"$T/extra.csv"
"$MALLPOSCTL" import catalog "$T/extra.csv" >/dev/null || { echo "Bail out! catalog"; exit 1; }
printf '{"batch":"d","types":[{"code":"GC100","name":"100元购物卡","sku":"990100","face_value":"100.00"}],"cards":[{"serial":"6200880012345658","pin":"7KQ4M2XP9WTA","type":"GC100"},{"serial":"6200880012345680","pin":"7KQ4M2XP9WTA","type":"GC100"}]}' >"$T/cards.json"
"$MALLPOSCTL" gift-card import "$T/cards.json" >/dev/null || { echo "Bail out! cards"; exit 1; }
cp "$DEMO/logo.png" "$T/logo.png"

section "receipt settings"
expect 0 "logo" receipt-settings logo "$T/logo.png"
expect 0 "phone" receipt-settings phone "021-6328 8888"
expect 0 "taxpayer ID" receipt-settings taxpayer_id 91310000MA1FL0XX3K
expect 0 "header lines" receipt-settings header '会员日每周三 积分双倍\n营业时间 08:00-22:00'
expect 0 "returns policy" receipt-settings returns_policy "凭小票七日内退换（生鲜、烟酒除外）"
expect 0 "e-invoice link" receipt-settings invoice_url "https://fapiao.example.cn/k?no={receipt_no}&amt={total}"
expect 0 "membership link" receipt-settings join_url "https://vip.example.cn/join?s=S001"
expect 4 "a taxpayer ID of 3 characters is refused" receipt-settings taxpayer_id 123
mentions "$ERR" "18 characters" "says how long it is"
expect 4 "an unknown placeholder is refused" receipt-settings invoice_url "https://x.cn/{no}"
expect 4 "a language it has no words for is refused" receipt-settings language fr
expect 0 "top up the gold member's stored value" stored-value top-up "$WANG" --amount 100.00 --tender cash

mkdir -p "$OUTPUT"
for model in generic-58:58:6200880012345658 xprinter-80:80:6200880012345680; do
  IFS=: read -r profile mm card <<<"$model"
  section "$mm mm ($profile)"
  rm -rf "$T/receipts"
  printf '[printer0]\ncategory=printer\nbackend=virtual\nprofile=%s\noutput_dir=%s\n' \
    "$profile" "$T/receipts" >"$T/devices.ini"
  printf '{"cashier":"1001","member":"%s","lines":[{"gift_card":"%s"},{"sku":"990001"},{"code":"2000101012504"},{"code":"6982959570664","qty":2}],"tenders":[{"type":"cash","amount":"400.00"}]}' \
    "$WANG" "$card" >"$T/doc"
  expect 0 "a member's sale prints" sale --print --devices "$T/devices.ini" <"$T/doc"
  txt=$(ls "$T"/receipts/*.txt | head -n1)
  for field in "惠民会员超市" "[image " "会员日每周三 积分双倍" "营业时间 08:00-22:00" "电话: 021-6328 8888" \
    "流水号:" "时间:" "终端:   T01" "收银员: 1001" "会员:" "卡号 6200********${card: -4}" "金卡会员 95折" \
    "本单积分" "可用积分" "待生效积分 (2026-11-30起可用)" "储值余额" "本次节省 " \
    "凭小票七日内退换" "纳税人识别号:" "91310000MA1FL0XX3K" "扫码开具电子发票"; do
    mentions "$txt" "$field" "$mm mm member receipt: $field"
  done
  lacks "$txt" "$card" "$mm mm: the card's full serial is not printed"
  # a QR code: native (its text shown) or a raster image where the model has no GS ( k
  grep -q '^ *\[\(QR https://fapiao.example.cn/k?no=S001-T01-\|image \)' "$txt" \
    && pass "$mm mm: the e-invoice QR code" || fail "$mm mm: the e-invoice QR code"
  lacks "$txt" "Total" "$mm mm: no English on a zh_CN receipt"
  cp "$txt" "$OUTPUT/demo-member-$mm.txt"
  cp "${txt%.txt}.png" "$OUTPUT/demo-member-$mm.png"
  rm -rf "$T/receipts"
  printf '{"cashier":"1001","lines":[{"sku":"990001"},{"code":"6982959570664","qty":2}],"tenders":[{"type":"cash","amount":"300.00"}]}' >"$T/doc"
  rm -rf "$T/receipts"
  expect 0 "a non-member's sale prints" sale --print --devices "$T/devices.ini" <"$T/doc"
  txt=$(ls "$T"/receipts/*.txt | head -n1)
  mentions "$txt" "扫码注册会员" "$mm mm non-member receipt: the membership QR's caption"
  lacks "$txt" "会员:" "$mm mm non-member receipt: no member block"
  cp "$txt" "$OUTPUT/demo-non-member-$mm.txt"
  cp "${txt%.txt}.png" "$OUTPUT/demo-non-member-$mm.png"
done
finish
