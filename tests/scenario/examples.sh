#!/bin/bash
# examples.sh — every example file of docs/formats.md stays valid: the
# catalog as JSON imports here (the CSV, prices, cart, tenders, gift cards
# and exchange items run in README's tour, tests/scenario/readme-tour.sh),
# and every file in data/examples/ is used by one of the two and described
# in docs/formats.md.
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$DEMO/../.." && pwd)
EX="$TOP/data/examples"
demo_store

expect 0 "import the catalog as JSON" import catalog "$EX/catalog.json"
has_line "$OUT" "imported 2 catalog row(s), rejected 0" "both rows"
expect 0 "the JSON catalog's barcode" product 6921168558032
mentions "$OUT" "农夫山泉茶π柠檬红茶 500ml  5.00" "priced as the file says"
expect 0 "a scale code for its weighed good" product 2000201005000
mentions "$OUT" "散装红枣" "the PLU is the scale's"

for f in "$EX"/*; do
  name=$(basename "$f")
  if grep -q "data/examples/$name" "$TOP/README.md" "$0"; then
    pass "$name is used by README's tour or this test"
  else
    fail "$name is used by no test"
  fi
  mentions "$TOP/docs/formats.md" "data/examples/$name" "$name is described in docs/formats.md"
done
# Imported above: data/examples/catalog.json

finish
