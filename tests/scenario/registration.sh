#!/bin/bash
# registration.sh — the registration bonus (demo rules: 100 points): a member
# registered after the loyalty rules are imported gets it and is told so; one
# registered before them gets none and is told so, with the command that
# gives it later (once only).
. "$(dirname "$0")/lib.sh"
demo_store

available () { "$MALLPOSCTL" points balance "$1" --json | jq -r .available; }

section "before the loyalty rules: no bonus, and it says so"
expect 0 "register 李雷 before the rules" member register --phone 13912345670 --name 李雷
mentions "$OUT" "no registration bonus: this store has no loyalty rules yet" "says no bonus applied"
mentions "$OUT" "mallposctl import loyalty-rules FILE" "… says what to import"
card=$(sed -n 's/^registered member [0-9]*, virtual card //p' "$OUT")
mentions "$OUT" "mallposctl points grant $card --source registration" "… and how to give it later"

section "after the rules: the bonus, and it says so"
expect 0 "import the loyalty rules" import loyalty-rules "$DEMO/loyalty-rules.json"
expect 0 "register 韩梅梅 after the rules" member register --phone 13912345671 --name 韩梅梅
has_line "$OUT" "registration bonus: 100 points" "says the bonus"
same "$(available 13912345671)" 100 "韩梅梅 has 100 points"

section "the bonus missed is given once, later"
expect 4 "a grant by hand needs a reason" points grant "$card" --source registration --supervisor 9001
expect 9 "and a manager's approval" points grant "$card" --source registration --reason 补发
expect 0 "grant 李雷's registration bonus" points grant "$card" --source registration --reason 补发 --supervisor 9001
same "$(available 13912345670)" 100 "李雷 has 100 points"
expect 0 "grant it again" points grant "$card" --source registration --reason 补发 --supervisor 9001
has_line "$OUT" "already granted: nothing changed" "once only"
same "$(available 13912345670)" 100 "still 100"

section "rules without a registration bonus"
jq '.points.registration_bonus = 0' "$DEMO/loyalty-rules.json" >"$T/rules.json"
expect 0 "import rules with no registration bonus" import loyalty-rules "$T/rules.json"
expect 0 "register 王芳" member register --phone 13912345672 --name 王芳
has_line "$OUT" "no registration bonus: the loyalty rules give none" "says the rules give none"

finish
