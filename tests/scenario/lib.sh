# lib.sh — sourced by every scenario script: a fresh temp store, a pinned
# clock and a UTF-8 locale, `run`/`expect` around mallposctl and a few
# assertions. Each assertion prints one TAP-like line; the script exits 1 if
# any failed. Needs bash, jq and the sqlite3 CLI (packaging/debian-packages.txt).

set -u

: "${MALLPOSCTL:?MALLPOSCTL must name the mallposctl binary (set by meson test)}"
: "${MALLPOS_DEMO_DIR:?MALLPOS_DEMO_DIR must name data/demo (set by meson test)}"

for tool in jq sqlite3 md5sum; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "Bail out! $tool is required by the scenario tests (see packaging/debian-packages.txt)"
    exit 1
  fi
done

# Display columns: wc -L counts a CJK character as 2 only in a UTF-8 locale.
export LC_ALL=C.UTF-8
# Receipt numbers, business days and running promotions depend on "now".
export MALLPOS_NOW=2026-11-23T10:00:00+08:00
unset MALLPOS_BUSY_TIMEOUT_MS
DEMO=$MALLPOS_DEMO_DIR
DAY=20261123

T=$(mktemp -d "${TMPDIR:-/tmp}/mallpos-scenario-XXXXXX")
trap 'rm -rf "$T"' EXIT
export MALLPOS_STORE="$T/store.db"
# Stores hold personal data: mallposctl refuses one other users can read, so
# the files the scenarios make by hand (old stores, garbage) are private too.
umask 077

# Test stores are training stores (练习模式): only they take MALLPOS_NOW (a
# production store goes by the real clock). Every `mallposctl init` the
# scenarios run goes through this wrapper, which adds --training.
MALLPOSCTL_REAL=$MALLPOSCTL
MALLPOSCTL="$T/mallposctl"
# No sale without an open shift: before a command that needs one (a sale, a
# return, a top-up or its refund, an exchange) the wrapper opens one on its
# store, float 0, cashier 1001, quietly; an open one is left as it is.
# MALLPOS_TEST_OWN_SHIFT=1 leaves shifts to the script (shift.sh, the README
# tour).
cat >"$MALLPOSCTL" <<EOF
#!/bin/sh
if [ "\$1" = init ]; then
  shift
  exec "$MALLPOSCTL_REAL" init --training "\$@"
fi
case "\$1 \${2:-}" in
  "exchange items"*|"exchange list"*|"exchange show"*|*" --help") ;;
  sale*|return*|approve-return*|"stored-value top-up"|"stored-value refund"|exchange*)
    if [ -z "\${MALLPOS_TEST_OWN_SHIFT:-}" ]; then
      store= prev=
      for a in "\$@"; do
        case "\$prev" in --store) store=\$a ;; esac
        case "\$a" in --store=*) store=\${a#--store=} ;; esac
        prev=\$a
      done
      "$MALLPOSCTL_REAL" shift open --float 0 --cashier 1001 \${store:+--store "\$store"} \
        >/dev/null 2>&1 </dev/null
    fi ;;
esac
exec "$MALLPOSCTL_REAL" "\$@"
EOF
chmod +x "$MALLPOSCTL"
export MALLPOSCTL
OUT="$T/out"
ERR="$T/err"
RC=0
FAILED=0
PASSED=0

# Never let a command wait on a terminal: every stdin is given explicitly.
exec </dev/null

pass () { PASSED=$((PASSED + 1)); printf 'ok %d - %s\n' $((PASSED + FAILED)) "$1"; }
fail ()
{
  FAILED=$((FAILED + 1))
  printf 'not ok %d - %s\n' $((PASSED + FAILED)) "$1"
}
section () { printf '# --- %s\n' "$*"; }

show_output ()
{
  printf '#   stdout:\n'; sed 's/^/#     /' "$OUT" | head -n 60
  printf '#   stderr:\n'; sed 's/^/#     /' "$ERR" | head -n 20
}

# run ARGS… — runs mallposctl (stdin as redirected by the caller); sets RC,
# leaves stdout in $OUT and stderr in $ERR.
run ()
{
  "$MALLPOSCTL" "$@" >"$OUT" 2>"$ERR"
  RC=$?
  given_secrets "$@"
}

# given_secrets ARGS… — what a command just run was handed that the store
# keeps only as a hash (so store_secrets cannot list it): a staff card's
# code (MALLPOS_STAFF_CARD) and the gift card secrets of an import that
# went through; journal_keeps_secrets greps for them too.
given_secrets ()
{
  if [ -n "${MALLPOS_STAFF_CARD:-}" ]; then
    printf '%s\n' "$MALLPOS_STAFF_CARD" >>"$T/given-secrets"
  fi
  if [ "$RC" -eq 0 ] && [ "${1:-}" = gift-card ] && [ "${2:-}" = import ] && [ -f "${3:-}" ]; then
    jq -r '.cards[]?.pin // empty' "$3" >>"$T/given-secrets" 2>/dev/null || true
  fi
}

# expect CODE DESCRIPTION ARGS… — run and check the exit code.
expect ()
{
  local want=$1 desc=$2
  shift 2
  run "$@"
  if [ "$RC" -eq "$want" ]; then
    pass "$desc (exit $want)"
  else
    fail "$desc: exit $RC, expected $want (mallposctl $*)"
    show_output
  fi
}

# expect_usage DESCRIPTION ARGS… — exit 2, a "mallposctl…:" message on
# stderr that points at --help or the command list, and nothing on stdout.
expect_usage ()
{
  local desc=$1
  shift
  expect 2 "$desc" "$@"
  if [ -s "$ERR" ] && grep -q '^mallposctl' "$ERR" \
     && grep -qE -- '--help|Commands:' "$ERR" && [ ! -s "$OUT" ]; then
    pass "$desc: says what is wrong on stderr: $(head -n 1 "$ERR")"
  else
    fail "$desc: no clear usage message on stderr (or output on stdout)"
    show_output
  fi
}

# file_check STATUS FILE DESCRIPTION FAILURE LINES — passes when STATUS is 0,
# else fails saying FAILURE and shows the first LINES lines of FILE.
file_check ()
{
  if [ "$1" -eq 0 ]; then
    pass "$3"
  else
    fail "$3: $4"
    sed 's/^/#     /' "$2" | head -n "$5"
  fi
}

# has_line FILE LINE DESCRIPTION — FILE contains exactly this whole line.
has_line () { grep -Fxq -- "$2" "$1"; file_check $? "$1" "$3" "no line “$2”" 80; }

# mentions FILE TEXT DESCRIPTION — FILE contains TEXT somewhere.
mentions () { grep -Fq -- "$2" "$1"; file_check $? "$1" "$3" "“$2” not found" 40; }

# lacks FILE TEXT DESCRIPTION — FILE does not contain TEXT.
lacks () { ! grep -Fq -- "$2" "$1"; file_check $? "$1" "$3" "“$2” found" 40; }

# same ACTUAL EXPECTED DESCRIPTION
same ()
{
  if [ "$1" = "$2" ]; then
    pass "$3"
  else
    fail "$3: got “$1”, expected “$2”"
  fi
}

# sql QUERY — one value from the store, read with the sqlite3 CLI.
sql () { sqlite3 -batch -noheader "$MALLPOS_STORE" "$1"; }

# stock_of CODE — the SKU's stock as `mallposctl product` reports it (the
# SKU row caches only the movements folded so far, src/stock.h).
stock_of () { "$MALLPOSCTL" product "$1" --json | jq -r '.[0].stock'; }

# The demo members (data/demo/members.json) most scripts sell to: 李娜 and
# 杨磊, both of the normal level.
LINA=8800000000039
YANG=8800000000060

# points_of CARD FIELD — one field (pending, usable, …) of the member's points balance.
points_of () { "$MALLPOSCTL" points balance "$1" --json | jq -r ".$2"; }

# demo_loyalty_rules — imports data/demo/loyalty-rules.json (bails out if it cannot).
demo_loyalty_rules ()
{
  "$MALLPOSCTL" import loyalty-rules "$DEMO/loyalty-rules.json" >/dev/null \
    || { echo "Bail out! cannot import the loyalty rules"; exit 1; }
}

# sell_to MEMBER LINES TENDERS [EXTRA] — sells to MEMBER ("": no member) by
# cashier 1001, with EXTRA (",\"key\":…") added to the sale document.
sell_to ()
{
  printf '{"cashier":"1001"%s,"lines":[%s],"tenders":[%s]%s}' \
    "${1:+,\"member\":\"$1\"}" "$2" "$3" "${4:-}" >"$T/doc"
  run sale <"$T/doc"
}

# A hash of the store's whole content, to prove a failed command changed nothing.
fingerprint () { sqlite3 -batch "$MALLPOS_STORE" .dump | md5sum | cut -d' ' -f1; }

# The tests' staff (add_staff): manager 9001 approves everything, supervisor
# 2001 what the store lets supervisors approve, cashier 1001 nothing. A
# command approves with `--supervisor 9001`; its PIN comes from
# MALLPOS_SUPERVISOR_PIN, which add_staff exports as the manager's; a change
# to the store's settings (imports, receipt settings, identity, language)
# is approved by MALLPOS_MANAGER, which add_staff exports as 9001.
MANAGER_PIN=900100
SUPERVISOR_PIN=200100
CASHIER_PIN=100100

# add_staff [STORE] — adds the tests' staff to the store (default
# $MALLPOS_STORE) and exports MALLPOS_SUPERVISOR_PIN=$MANAGER_PIN and
# MALLPOS_MANAGER=9001.
add_staff ()
{
  local store=${1:-$MALLPOS_STORE}
  unset MALLPOS_SUPERVISOR_PIN MALLPOS_MANAGER
  printf '%s\n' "$MANAGER_PIN" \
    | "$MALLPOSCTL" staff add 9001 --name 王经理 --role manager --store "$store" >/dev/null \
    && printf '%s\n%s\n' "$SUPERVISOR_PIN" "$MANAGER_PIN" \
    | "$MALLPOSCTL" staff add 2001 --name 李主管 --role supervisor --manager 9001 \
        --store "$store" >/dev/null \
    && printf '%s\n%s\n' "$CASHIER_PIN" "$MANAGER_PIN" \
    | "$MALLPOSCTL" staff add 1001 --name 张三 --role cashier --manager 9001 \
        --store "$store" >/dev/null \
    || { echo "Bail out! cannot add the tests' staff"; exit 1; }
  export MALLPOS_SUPERVISOR_PIN=$MANAGER_PIN MALLPOS_MANAGER=9001
}

# demo_store — init from store.json and import catalog, promotions, members;
# the tests' staff (add_staff); a shift open (unless MALLPOS_TEST_OWN_SHIFT).
demo_store ()
{
  "$MALLPOSCTL" init --from "$DEMO/store.json" >/dev/null \
    && "$MALLPOSCTL" import catalog "$DEMO/catalog.csv" >/dev/null \
    && "$MALLPOSCTL" import promotions "$DEMO/promotions.json" >/dev/null \
    && "$MALLPOSCTL" import members "$DEMO/members.json" >/dev/null \
    || { echo "Bail out! cannot create the demo store"; exit 1; }
  add_staff
  # ready to sell: the shift of cashier 1001, float 0 (as the wrapper would
  # open it before the first sale; here before any fingerprint is taken)
  if [ -z "${MALLPOS_TEST_OWN_SHIFT:-}" ]; then
    "$MALLPOSCTL" shift open --float 0 --cashier 1001 >/dev/null \
      || { echo "Bail out! cannot open the demo store's shift"; exit 1; }
  fi
}

# receipt_no N — the Nth receipt number of the pinned business day.
receipt_no () { printf 'S001-T01-%s-%04d' "$DAY" "$1"; }

# store_secrets — one a line, every secret and personal number the store
# holds: payment PIN, staff PIN and gift card secret hashes, member QR secrets (hex and
# base64; sealed ones too), full phones and full member card numbers, staff
# card hashes, the store's key file; and the staff cards and gift card
# secrets the scenario handed over (given_secrets).
store_secrets ()
{
  local hex
  sql "SELECT hash FROM payment_pins UNION ALL SELECT pin_hash FROM gift_cards
       UNION ALL SELECT pin_hash FROM staff
       UNION ALL SELECT phone FROM members WHERE phone IS NOT NULL
       UNION ALL SELECT card_no FROM member_cards
       UNION ALL SELECT hex (qr_secret) FROM members WHERE qr_secret IS NOT NULL
       UNION ALL SELECT hex (sealed) FROM member_qr_secrets
       UNION ALL SELECT hex (card_hash) FROM staff_cards"
  sql "SELECT hex (qr_secret) FROM members WHERE qr_secret IS NOT NULL" | while IFS= read -r hex; do
    printf '%s' "$hex" | basenc --base16 -d | base64 -w0
    echo
  done
  # the store's key (member QR secrets, staff card hashes), as hex and base64
  if [ -s "$MALLPOS_STORE.qrkey" ]; then
    basenc --base16 -w0 <"$MALLPOS_STORE.qrkey"
    echo
    basenc --base16 -w0 <"$MALLPOS_STORE.qrkey" | tr 'A-F' 'a-f'
    echo
    base64 -w0 <"$MALLPOS_STORE.qrkey"
    echo
  fi
  if [ -f "$T/given-secrets" ]; then
    sort -u "$T/given-secrets"
  fi
}

# journal_keeps_secrets — the sync journal, what leaves the terminal
# (docs/formats.md "What a journal entry may carry"), holds none of them, and
# no field meant for a secret.
journal_keeps_secrets ()
{
  local journal="$T/journal.json" leaks=0 value
  if ! "$MALLPOSCTL" journal --json --limit 1000000 >"$journal" 2>"$ERR"; then
    fail "journal --json reads the whole journal"
    show_output
    return
  fi
  while IFS= read -r value; do
    if [ -n "$value" ] && grep -Fq -- "$value" "$journal"; then
      leaks=$((leaks + 1))
      printf '#   the journal carries %s… (%s)\n' "${value:0:5}" \
        "$(grep -Fo -- "$value" "$journal" | head -n 1 | wc -c) characters"
    fi
  done < <(store_secrets)
  for value in '$argon2' '"qr_secret"' '"hash"' '"pin_hash"' '"card_hash"' '"phone"' '"secret"' \
    '"track2"' '"card_no"'; do
    if grep -Fq -- "$value" "$journal"; then
      leaks=$((leaks + 1))
      printf '#   the journal carries %s\n' "$value"
    fi
  done
  same "$leaks" 0 "the sync journal carries no secret, hash, full phone or member card number"
}

# finish — `check` must find the store consistent, its journal must keep its
# secrets home; then the verdict.
finish ()
{
  if [ -e "$MALLPOS_STORE" ]; then
    expect 0 "check: the store is consistent at the end" check
    has_line "$OUT" "ok: the store is consistent" "check prints ok"
    journal_keeps_secrets
  fi
  printf '1..%d\n' $((PASSED + FAILED))
  if [ "$FAILED" -ne 0 ]; then
    printf '# %d of %d assertions failed\n' "$FAILED" $((PASSED + FAILED))
    exit 1
  fi
  exit 0
}
