#!/bin/bash
# gift-card.sh — prepaid gift cards (购物卡) through mallposctl: card types
# sold as 0%-tax catalog products at their face value, stock imported as
# serials with secrets, a card active only once its sale commits, sold with
# no discount and no points, spent in part as a tender (secret checked,
# locked after five wrong tries), given back exactly on return, redeemed
# into stored value as principal, registered, transferred, reported lost,
# and the liability report. Every refusal says why and changes nothing.
# Members: 李娜 8800000000039 and 杨磊 8800000000060 (normal level, ×1).
. "$(dirname "$0")/lib.sh"
demo_store
demo_loyalty_rules

GC1=GC100-000001
GC2=GC100-000002
GC5=GC500-000001
NIULANSHAN='{"sku":"100207"}'

card_line () { printf '{"gift_card":"%s"}' "$1"; }
gift () { printf '{"type":"gift_card","card":"%s","pin":"%s","amount":"%s"}' "$1" "$2" "$3"; }
cash () { printf '{"type":"cash","amount":"%s"}' "$1"; }
card_field () { "$MALLPOSCTL" gift-card show "$1" --json | jq -r ".$2"; }

section "card products and stock"
printf 'sku,product,name,spec,category,unit,barcodes,plu,price,member_prices,tax_rate,stock\n%s\n%s\n%s\n' \
  '990100,GC100,100元购物卡,,礼品卡/购物卡,piece,,,100.00,,0,0' \
  '990500,GC500,500元购物卡,,礼品卡/购物卡,piece,,,500.00,,0,0' \
  '990900,GC900,错税率卡,,礼品卡/购物卡,piece,,,100.00,,13,0' >"$T/cards.csv"
expect 0 "import the card products" import catalog "$T/cards.csv"
before=$(fingerprint)
printf '{"types":[{"code":"GC900","name":"x","sku":"990900","face_value":"100.00"}]}' >"$T/bad.json"
expect 4 "a card product taxed at 13% is refused" gift-card import "$T/bad.json"
mentions "$ERR" "0%" "says a card is sold at 0%"
printf '{"cards":[{"serial":"GC100-000009","pin":"12","type":"GC100"}]}' >"$T/bad.json"
expect 4 "a secret of two digits is refused" gift-card import "$T/bad.json"
mentions "$ERR" "cards[0]" "names the card"
printf '{"cards":[{"serial":"GC100-000009","pin":"839201745","type":"GC100"}]}' >"$T/bad.json"
expect 4 "a secret of nine digits is refused (an offline search of its hash is cheap)" gift-card import "$T/bad.json"
mentions "$ERR" "GC100-000009" "names the card by its serial"
mentions "$ERR" "10–32 random" "says how long a secret must be"
same "$(fingerprint)" "$before" "refused imports change nothing"
cat >"$T/stock.json" <<EOF
{"batch":"2026-11",
 "types":[{"code":"GC100","name":"100元购物卡","sku":"990100","face_value":"100.00","valid_days":365},
          {"code":"GC500","name":"500元购物卡","sku":"990500","face_value":"500.00"}],
 "cards":[{"serial":"$GC1","pin":"7KQ4M2XP9WTA","type":"GC100"},
          {"serial":"$GC2","pin":"R3N8VZ5HC2LE","type":"GC100"},
          {"serial":"$GC5","pin":"D6YB9Q3TFU7M","type":"GC500"}]}
EOF
expect 0 "import 2 card types and 3 cards" gift-card import "$T/stock.json"
has_line "$OUT" "imported 2 card type(s) and 3 card(s)" "says what it imported"
expect 6 "the same cards again are refused" gift-card import "$T/stock.json"
mentions "$ERR" "already in stock" "says the serial is in stock"
same "$(sql "SELECT count(*) FROM gift_cards WHERE pin_hash LIKE '\$argon2id\$%'")" 3 \
  "secrets are kept only as argon2id hashes"
same "$(sql "SELECT count(*) FROM journal WHERE payload LIKE '%7KQ4M2XP9WTA%'")" 0 \
  "no secret in the journal"
same "$(card_field $GC1 status)" inactive "a card in stock is inactive"
expect 3 "an unknown serial" gift-card show GC100-999999

section "selling a card: face value, no discount, no points"
sell_to "$LINA" "$(card_line $GC1),$NIULANSHAN" "$(cash 200.00)" \
  ',"order_discount":"10%","order_discount_approved_by":"9001"'
same "$RC" 0 "李娜 buys a 100.00 card and 牛栏山 with 10% off the order"
mentions "$OUT" "100元购物卡           1   100.00    100.00" "the card is sold at its face value"
mentions "$OUT" "应付                                117.91" "only 牛栏山 is discounted (19.90 − 1.99)"
same "$(card_field $GC1 status) $(card_field $GC1 balance)" "active 100.00" "the card is active with 100.00"
same "$(points_of $LINA pending)" 17 "points on 牛栏山 only (17.91), none on the card"
sale1=$(receipt_no 1)
before=$(fingerprint)
sell_to "" "$(card_line $GC1)" "$(cash 100.00)"
same "$RC" 6 "the same card cannot be sold twice (exit 6)"
mentions "$ERR" "already sold" "says it is already sold"
sell_to "" '{"sku":"990100"}' "$(cash 100.00)"
same "$RC" 4 "the card product without a serial is refused (exit 4)"
mentions "$ERR" "scan the card's serial" "says to scan the serial"
sell_to "$LINA" "$(card_line $GC2)" '{"type":"points","points":1000},'"$(cash 90.00)"
same "$RC" 6 "a card is not bought with points (exit 6)"
same "$(card_field $GC2 status)" inactive "the refused sale left the card inactive"
same "$(fingerprint)" "$before" "refused sales change nothing"

section "paying with a card: secret, partial, short"
before=$(fingerprint)
sell_to "" "$NIULANSHAN" "$(gift $GC2 R3N8VZ5HC2LE 19.90)"
same "$RC" 6 "a card never sold cannot pay (exit 6)"
mentions "$ERR" "not activated" "says it is not activated"
sell_to "" "$NIULANSHAN" "$(gift $GC1 00000000 19.90)"
same "$RC" 4 "a wrong secret is refused (exit 4)"
mentions "$ERR" "4 tries left" "says how many tries are left"
sell_to "" '{"sku":"100204"}' "$(gift $GC1 7KQ4M2XP9WTA 149.00)"
same "$RC" 6 "149.00 from a 100.00 card: not enough (exit 6)"
mentions "$ERR" "balance 100.00" "says the balance"
sell_to "" '{"sku":"100204"}' "$(gift $GC1 7KQ4M2XP9WTA 60.00),$(cash 89.00)"
same "$RC" 0 "洋河 149.00: 60.00 from the card, 89.00 cash"
mentions "$OUT" "购物卡                               60.00" "the receipt shows the card payment"
same "$(grep -c -- "$GC1" "$OUT")" 0 "the receipt prints no full gift card serial (issue 15)"
mentions "$OUT" "GC10****0001" "… only its first and last four"
same "$(card_field $GC1 balance)" 40.00 "40.00 left on the card"
same "$(card_field $GC1 locked)" false "the right secret cleared the wrong try"
sale2=$(receipt_no 2)

section "returns go back to the card, exactly"
expect 0 "return the 洋河" return "$sale2" --cashier 1001
same "$(card_field $GC1 balance)" 100.00 "the card has its 100.00 again"
expect 0 "show the card" gift-card show "$GC1" --json
same "$(jq -r '[.ledger[].kind] | join(",")' "$OUT")" "activate,spend,refund" "activate, spend, refund"
sell_to "" "$NIULANSHAN" "$(gift $GC1 7KQ4M2XP9WTA 19.90)"
same "$RC" 0 "spend 19.90 from the card"
before=$(fingerprint)
expect 6 "a used card cannot be returned" return "$sale1" --line 1 --cashier 1001
mentions "$ERR" "already used" "says the card was used"
same "$(fingerprint)" "$before" "the refused return changes nothing"

section "register, transfer, report lost, redeem"
sell_to "" "$(card_line $GC5)" "$(cash 500.00)"
same "$RC" 0 "sell a 500.00 card"
printf 'D6YB9Q3TFU7M\n' >"$T/secret"
expect 6 "an unregistered card cannot be transferred" \
  gift-card transfer "$GC5" --from "$LINA" --to "$YANG" <"$T/secret"
expect 4 "registering without the secret is refused" gift-card register "$GC5" --member "$LINA"
mentions "$ERR" "needs its secret" "says the secret is needed"
same "$(sql "SELECT pin_failures FROM gift_cards WHERE serial = '$GC5'")" 0 "a missing secret is not counted"
expect 0 "register it to 李娜 (secret on stdin)" gift-card register "$GC5" --member "$LINA" <"$T/secret"
expect 0 "李娜 gives it to 杨磊" gift-card transfer "$GC5" --from "$LINA" --to "$YANG" --json <"$T/secret"
same "$(jq -r .member_id "$OUT")" "$("$MALLPOSCTL" stored-value balance "$YANG" --json | jq -r .member_id)" \
  "the card now belongs to 杨磊"
expect 6 "李娜 can no longer redeem it" gift-card redeem "$GC5" --member "$LINA" <"$T/secret"
expect 4 "freezing needs a reason and a supervisor" gift-card freeze "$GC5"
expect 0 "杨磊 reports it lost (挂失)" gift-card freeze "$GC5" --lost --reason 丢失 --supervisor 9001 --json
same "$(jq -r .hold "$OUT")" lost "held as lost"
sell_to "" "$NIULANSHAN" "$(gift $GC5 D6YB9Q3TFU7M 19.90)"
same "$RC" 6 "a lost card cannot pay (exit 6)"
mentions "$ERR" "reported lost" "says it was reported lost"
expect 4 "redeeming a lost card needs a supervisor" gift-card redeem "$GC5" --member "$YANG"
expect 0 "杨磊 gets the 500.00 into stored value" gift-card redeem "$GC5" --member "$YANG" --supervisor 9001
mentions "$OUT" "principal 本金 500.00" "as principal"
expect 0 "stored-value statement" stored-value statement "$YANG" --json
same "$(jq -r '.movements[0] | [.kind, .principal, .bonus] | join(" ")' "$OUT")" "gift_card 500.00 0.00" \
  "a gift_card movement, no bonus"
expect 0 "unfreeze" gift-card unfreeze "$GC5" --reason 找回 --supervisor 9001
same "$(card_field $GC5 balance)" 0.00 "nothing left on the card"

section "five wrong secrets lock the card"
for try in 1 2 3 4; do
  sell_to "" "$NIULANSHAN" "$(gift $GC1 99999999 19.90)"
  same "$RC" 4 "wrong secret, try $try (exit 4)"
done
sell_to "" "$NIULANSHAN" "$(gift $GC1 99999999 19.90)"
same "$RC" 6 "the fifth locks it (exit 6)"
mentions "$ERR" "locked" "says it is locked"
sell_to "" "$NIULANSHAN" "$(gift $GC1 7KQ4M2XP9WTA 19.90)"
same "$RC" 6 "locked: even the right secret is refused"
expect 9 "unlock needs a supervisor" gift-card unlock "$GC1"
expect 0 "a supervisor unlocks" gift-card unlock "$GC1" --supervisor 9001
expect 0 "the store locks a card after 2 wrong secrets" staff policy gift_card_pin_failures 2 --manager 9001
sell_to "" "$NIULANSHAN" "$(gift $GC1 99999999 19.90)"
mentions "$ERR" "1 tries left" "one wrong secret leaves one try"
sell_to "" "$NIULANSHAN" "$(gift $GC1 99999999 19.90)"
same "$RC" 6 "the second locks it (exit 6)"
mentions "$ERR" "locked after 2 wrong tries" "… after the store's number"
expect 9 "a second unlock today is past the daily cap" gift-card unlock "$GC1" --supervisor 9001
mentions "$ERR" "a business day" "… says the cap is per day"
MALLPOS_NOW=2026-11-24T10:00:00+08:00 expect 0 "the next day a supervisor unlocks it again" gift-card unlock "$GC1" --supervisor 9001
same "$(sql "SELECT count(*) FROM journal WHERE kind = 'gift_card_unlock'")" 2 "each unlock is journaled"
expect 0 "back to 5" staff policy gift_card_pin_failures 5 --manager 9001

section "liability and expiry"
expect 0 "report liability" report liability --json --supervisor 9001
same "$(jq -r '.gift_cards | [.outstanding, .cards] | join(" ")' "$OUT")" "80.10 1" \
  "80.10 owed on one card"
expect 0 "report liability (text)" report liability --supervisor 9001
mentions "$OUT" "购物卡 Gift cards outstanding" "the text report has the gift card part"
MALLPOS_NOW=2027-11-24T10:00:00+08:00 sell_to "" "$NIULANSHAN" "$(gift $GC1 7KQ4M2XP9WTA 19.90)"
same "$RC" 6 "a year and a day later the card has expired (exit 6)"
mentions "$ERR" "expired" "says it expired"

section "usage"
expect_usage "no subcommand" gift-card
expect_usage "redeem without --member" gift-card redeem "$GC1"
expect 0 "gift-card --help" gift-card --help
finish
