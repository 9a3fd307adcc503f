#!/usr/bin/env bash
# demo.sh — README command 1: install what is needed, build, create a demo
# store from data/demo (packaging/demo-store.sh: one sale through mallposctl,
# the demo cashier 1001 with PIN 1234) and start the cashier window on it with
# the virtual printer. Without a display it says so in one line and runs the
# same window under Xvfb through a short scripted sale, printing the path of a
# screenshot of each step. Safe to run again: the demo's own store is
# recreated each time, and no other store is ever touched.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${MALLPOS_BUILD_DIR:-$top/_build}

bash "$top/packaging/install-deps.sh"
if [[ -f "$build/build.ninja" ]]; then
  meson setup --reconfigure "$build" "$top" >/dev/null
else
  meson setup "$build" "$top" >/dev/null
fi
ninja -C "$build" >/dev/null

MALLPOSCTL="$build/src/ctl/mallposctl" bash "$top/packaging/demo-store.sh"

home="${XDG_DATA_HOME:-$HOME/.local/share}/mallpos/demo"
export MALLPOS_RECEIPT_DIR="$home/receipts"
export MALLPOS_DEVICES="$top/data/demo/devices.ini"
echo
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo "The cashier window: sign in as 1001 with PIN 1234 (F1 lists the keys; F12 pays)."
  exec "$build/ui/mallpos" --store "$home/demo.db"
fi
shots="$home/screenshots"
echo "demo: no display here, so the window runs under Xvfb through a scripted sale; screenshots:"
mkdir -p "$shots"
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1366x768x24" \
  env GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none \
  "$build/tests/ui/mallpos-demo-tour" "$home/demo.db" "$MALLPOS_RECEIPT_DIR" "$shots"
