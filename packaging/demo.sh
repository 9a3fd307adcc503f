#!/usr/bin/env bash
# demo.sh — README command 1: install what is needed, build, create a demo
# store from data/demo and run the main job. Until the GTK cashier window
# lands, the main job is an end-to-end sale through mallposctl whose receipt
# prints as text. Safe to run again: the demo's own store is recreated each
# time, and no other store is ever touched (packaging/demo-store.sh).
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

MALLPOSCTL="$build/src/ctl/mallposctl" exec bash "$top/packaging/demo-store.sh"
