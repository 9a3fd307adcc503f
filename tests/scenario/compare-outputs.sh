#!/bin/bash
# compare-outputs.sh — "behaviour unchanged": records every scenario script's
# mallposctl calls with this build (record-outputs.sh) and diffs them with a
# baseline: a recording made before (--baseline DIR), or one made now from a
# commit built in a temp folder (--base-rev REV, e.g. the merge base). Both
# sides run this tree's scenario scripts, so only the program differs.
#
#   bash tests/scenario/compare-outputs.sh [-j JOBS] BUILD_DIR --baseline DIR [SCRIPT…]
#   bash tests/scenario/compare-outputs.sh [-j JOBS] BUILD_DIR --base-rev REV [SCRIPT…]
#   bash tests/scenario/compare-outputs.sh [-j JOBS] BUILD_DIR --record DIR [SCRIPT…]
#
# --record only records (the baseline to keep before a change). Exit 0: the
# same outputs (generated ids and times aside); 1: they differ (the diff is
# printed); 2: usage; 77 (meson's skip): no baseline was given.
set -u
here=$(cd "$(dirname "$0")" && pwd)
jobs=()
if [ "${1:-}" = -j ]; then
  jobs=(-j "$2")
  shift 2
fi
if [ $# -lt 1 ]; then
  sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//;/^set -u/d' >&2
  exit 2
fi
build=$1
shift
mode=${1:-}
arg=${2:-}
case $mode in
  --baseline | --base-rev | --record) [ -n "$arg" ] || { echo "$mode needs a value" >&2; exit 2; }; shift 2 ;;
  "") echo "no baseline given (MALLPOS_OUTPUTS_BASELINE unset): nothing to compare with"; exit 77 ;;
  *) echo "unknown option $mode (--baseline DIR, --base-rev REV or --record DIR)" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$mode" = --record ]; then
  bash "$here/record-outputs.sh" "${jobs[@]}" "$build" "$arg" "$@"
  exit 0
fi
if [ "$mode" = --base-rev ]; then
  top=$(cd "$here/../.." && pwd)
  mkdir -p "$work/src"
  git -C "$top" archive "$arg" | tar -x -C "$work/src" || exit 2
  meson setup "$work/build" "$work/src" -Dbench=false >"$work/setup.log" 2>&1 \
    && ninja -C "$work/build" src/ctl/mallposctl data/po/zh_CN/LC_MESSAGES/mallpos.mo \
         data/po/zh_TW/LC_MESSAGES/mallpos.mo >"$work/build.log" 2>&1 \
    || { cat "$work/setup.log" "$work/build.log" >&2; echo "could not build $arg" >&2; exit 2; }
  bash "$here/record-outputs.sh" "${jobs[@]}" "$work/build" "$work/before" "$@"
  baseline="$work/before"
else
  baseline=$arg
fi
bash "$here/record-outputs.sh" "${jobs[@]}" "$build" "$work/after" "$@"
# Scripts named: only theirs are compared (a baseline may hold them all).
if [ $# -gt 0 ]; then
  for s in "$@"; do diff -N "$baseline/$s.log" "$work/after/$s.log"; done >"$work/diff"
else
  diff -r "$baseline" "$work/after" >"$work/diff"
fi
if [ ! -s "$work/diff" ]; then
  echo "same outputs: $(ls "$work/after" | wc -l) scripts"
  exit 0
fi
cat "$work/diff"
exit 1
