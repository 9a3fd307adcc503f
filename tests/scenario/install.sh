#!/bin/bash
# install.sh — `meson install --destdir` into a temp folder gives a working
# mallposctl: the program, the demo data, the examples, the printer profiles
# (found beside the program, so the staged tree works before it moves to its
# prefix) and the documents; the installed mallposctl makes a store from the
# installed demo data, sells, checks and prints on a 58 mm profile.
. "$(dirname "$0")/lib.sh"
: "${MALLPOS_BUILD_ROOT:?MALLPOS_BUILD_ROOT must name the build folder (set by meson test)}"
: "${MESON:?MESON must name the meson program (set by meson test)}"
export LSAN_OPTIONS="suppressions=$DEMO/../../tests/devices/printer/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
unset MALLPOS_PRINTER_PROFILES MALLPOS_DEVICES
export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" XDG_DATA_DIRS="$T/none"

option () { "$MESON" introspect "$MALLPOS_BUILD_ROOT" --buildoptions | jq -r ".[] | select(.name == \"$1\") | .value"; }
PREFIX=$(option prefix)
DEST="$T/dest"
if "$MESON" install -C "$MALLPOS_BUILD_ROOT" --no-rebuild --destdir "$DEST" --quiet >"$OUT" 2>"$ERR"; then
  pass "meson install --destdir"
else
  fail "meson install --destdir failed"
  show_output
fi
ROOT="$DEST$PREFIX"
BIN="$ROOT/$(option bindir)/mallposctl"
SHARE="$ROOT/$(option datadir)"

[ -x "$BIN" ] && pass "mallposctl is installed in bindir" || fail "no $BIN"
for f in mallpos/demo/catalog.csv mallpos/demo/sale.json mallpos/demo/devices.ini \
         mallpos/examples/prices.csv mallpos/examples/gift-cards.json \
         mallpos/printers/generic-58.ini doc/mallpos/README.md doc/mallpos/design.md \
         doc/mallpos/formats.md doc/mallpos/operations.md; do
  [ -s "$SHARE/$f" ] && pass "installed: $f" || fail "not installed: $SHARE/$f"
done

section "the installed mallposctl works"
"$BIN" --help >"$OUT" 2>"$ERR" && mentions "$OUT" "Usage: mallposctl COMMAND" "--help" || fail "--help"
D="$SHARE/mallpos/demo"
for step in "init --from $D/store.json" "import catalog $D/catalog.csv" \
            "import promotions $D/promotions.json" "import loyalty-rules $D/loyalty-rules.json" \
            "import members $D/members.json" "import prices $SHARE/mallpos/examples/prices.csv" \
            "shift open --float 500.00 --cashier 1001"; do
  if "$BIN" $step >"$OUT" 2>"$ERR"; then pass "$step"; else fail "$step"; show_output; fi
done
"$BIN" sale <"$D/sale.json" >"$OUT" 2>"$ERR" && has_line "$OUT" "应付                                152.55" \
  "the installed mallposctl sells the demo sale" || { fail "sale"; show_output; }
printf '[printer0]\ncategory=printer\nbackend=virtual\nprofile=generic-58\noutput_dir=%s\n' \
  "$T/receipts" >"$T/devices.ini"
if "$BIN" test-print --devices "$T/devices.ini" >"$OUT" 2>"$ERR"; then
  pass "test-print on a 58 mm profile found in the installed tree"
else
  fail "test-print with profile generic-58"
  show_output
fi
"$BIN" check >"$OUT" 2>"$ERR" && has_line "$OUT" "ok: the store is consistent" "check" || fail "check"

finish
