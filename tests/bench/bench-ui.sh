#!/bin/bash
# bench-ui.sh — DESIGN.md's window targets on a store of 1,000,000 SKUs and
# 5,000,000 members: cold start beside a bare GTK 4 window (bench-ui-start),
# then scan → drawn, search keystroke → results and a 300-line scroll
# (bench-ui-window), with GSK_RENDERER=cairo and with GL in software. The
# big store is made once (tests/ui/ui-store.sh + bench-ui-fill, ~minutes) and
# kept in the build folder for the next run: delete it to build it anew.
# MALLPOS_BENCH_SKUS / MALLPOS_BENCH_MEMBERS make a smaller store for a quick
# look (kept apart by its counts). BENCH_UI_STORE_ONLY=1 makes the store and
# stops (start it early, niced: it takes ~20 min on 1 M / 5 M). Prints
# figures; fails only when a program does.
set -euo pipefail
: "${BENCH_UI_DIR:?}" "${BENCH_UI_FILL:?}" "${BENCH_UI_START:?}" "${BENCH_UI_BARE:?}"
: "${BENCH_UI_WINDOW:?}" "${UI_STORE_SH:?}"
skus=${MALLPOS_BENCH_SKUS:-1000000}
members=${MALLPOS_BENCH_MEMBERS:-5000000}
cache="$BENCH_UI_DIR/store-$skus-$members"

if [ ! -f "$cache/made" ]; then
  echo "bench-ui: making the big store in $cache (once)"
  rm -rf "$cache" "$cache.part"
  mkdir -p "$cache.part"
  bash "$UI_STORE_SH" "$cache.part" >/dev/null
  "$BENCH_UI_FILL" --store "$cache.part/store.db" --skus "$skus" --members "$members"
  mv "$cache.part" "$cache"
  date -u +%FT%TZ >"$cache/made"
else
  echo "bench-ui: the big store of $(cat "$cache/made") in $cache"
fi
store="$cache/store.db"
[ "${BENCH_UI_STORE_ONLY:-0}" = 1 ] && exit 0
# the figures are this machine's at this moment: say how busy it was
echo "bench-ui: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '[printer0]\ncategory=printer\nbackend=virtual\noutput_dir=%s\n\n[drawer0]\ncategory=drawer\nprinter=printer0\n' \
  "$work/receipts" >"$work/devices.ini"
export MALLPOS_DEVICES="$work/devices.ini" GDK_BACKEND=x11 GTK_A11Y=none NO_AT_BRIDGE=1
export GSETTINGS_BACKEND=memory
on_display () { dbus-run-session -- xvfb-run -a -s '-screen 0 1366x768x24' "$@"; }

on_display "$BENCH_UI_START" --runs "${MALLPOS_BENCH_RUNS:-5}" --bare "$BENCH_UI_BARE" -- \
  "$BENCH_UI_WINDOW" --ready --skus "$skus" --store "$store"
for renderer in cairo gl; do
  echo "bench-ui: the window's interaction figures, GSK_RENDERER=$renderer" \
    "$([ $renderer = gl ] && echo '(software, LIBGL_ALWAYS_SOFTWARE=1)')"
  GSK_RENDERER=$renderer LIBGL_ALWAYS_SOFTWARE=1 \
    on_display "$BENCH_UI_WINDOW" --skus "$skus" --members "$members" --store "$store"
done
echo "bench-ui: load average after the run $(cut -d' ' -f1-3 /proc/loadavg)"
