#!/bin/bash
# record-outputs.sh — runs the scenario scripts with every mallposctl call
# recorded (arguments, stdout, stderr, exit code) into one file per script,
# with generated ids, wall-clock times and temp paths masked
# (record-outputs-mask.py), so that two builds can be compared: "behaviour
# unchanged" means `diff -r` of two recordings is empty.
#
#   bash tests/scenario/record-outputs.sh [-j JOBS] BUILD_DIR OUT_DIR [SCRIPT…]
#   diff -r OUT_DIR_BEFORE OUT_DIR_AFTER
#
# Every scenario script is recorded except install (it records `meson
# install`, not mallposctl). A script that fails under the recorder is said
# on stdout and its file still written. JOBS scripts run at once (default 2).
# tests/scenario/compare-outputs.sh records a base commit and this tree and
# diffs them.
set -u
jobs=2
if [ "${1:-}" = -j ]; then
  jobs=$2
  shift 2
fi
if [ $# -lt 2 ]; then
  sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//;/^set -u/d' >&2
  exit 2
fi
build=$(cd "$1" && pwd) || exit 2
mkdir -p "$2" || exit 2
out=$(cd "$2" && pwd)
shift 2
here=$(cd "$(dirname "$0")" && pwd)
scripts=("$@")
if [ ${#scripts[@]} -eq 0 ]; then
  for s in "$here"/*.sh; do
    case $(basename "$s") in
      lib.sh | record-outputs.sh | compare-outputs.sh | install.sh) ;;
      *) scripts+=("$(basename "$s" .sh)") ;;
    esac
  done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The recording wrapper: runs the real mallposctl and keeps what it said,
# one block per call ($REC_DIR/<n>.block). Calls that overlap (a script's
# processes racing on purpose) are marked, so the masker can put their
# blocks in an order that does not depend on which won.
cat >"$work/mallposctl" <<'WRAP'
#!/bin/bash
exec 8>>"$REC_DIR/lock"
flock 8
n=$(($(cat "$REC_DIR/count" 2>/dev/null || echo 0) + 1))
echo "$n" >"$REC_DIR/count"
if [ -s "$REC_DIR/running" ]; then
  for other in $(cat "$REC_DIR/running"); do : >"$REC_DIR/$other.overlap"; done
  : >"$REC_DIR/$n.overlap"
fi
echo "$n" >>"$REC_DIR/running"
flock -u 8
"$REC_REAL" "$@" >"$REC_DIR/$n.out" 2>"$REC_DIR/$n.err"
rc=$?
flock 8
grep -vx "$n" "$REC_DIR/running" >"$REC_DIR/running.new"
mv "$REC_DIR/running.new" "$REC_DIR/running"
flock -u 8
{ printf '### %s\n' "$n"; printf '%q ' "${@}"; printf '\n--- stdout\n'; cat "$REC_DIR/$n.out"
  printf -- '--- stderr\n'; cat "$REC_DIR/$n.err"; printf -- '--- exit %s\n' "$rc"; } >"$REC_DIR/$n.block"
cat "$REC_DIR/$n.out"
cat "$REC_DIR/$n.err" >&2
exit $rc
WRAP
chmod +x "$work/mallposctl"

record_one ()
{
  local s=$1 rec="$work/$1" blocks=()
  mkdir -p "$rec"
  # As meson test runs them (tests/meson.build test_env), with the recorder
  # in front of mallposctl.
  G_DEBUG=fatal-criticals REC_DIR=$rec REC_REAL="$build/src/ctl/mallposctl" \
    MALLPOSCTL="$work/mallposctl" MALLPOS_DEMO_DIR="$here/../../data/demo" \
    MALLPOS_LOCALEDIR="$build/data/po" MALLPOS_BUILD_ROOT="$build" \
    bash "$here/$s.sh" >"$rec/tap" 2>&1
  local rc=$?
  echo "$s: exit $rc ($(grep -c '^ok' "$rec/tap") ok, $(grep -c '^not ok' "$rec/tap") not ok)"
  for ((i = 1; i <= $(cat "$rec/count" 2>/dev/null || echo 0); i++)); do
    [ -e "$rec/$i.overlap" ] && sed -i '1s/$/ (overlapping)/' "$rec/$i.block"
    blocks+=("$rec/$i.block")
  done
  cat "${blocks[@]}" /dev/null 2>/dev/null \
    | MALLPOS_SOURCE_ROOT=$(cd "$here/../.." && pwd) python3 "$here/record-outputs-mask.py" >"$out/$s.log"
}
export -f record_one
export work build out here

printf '%s\n' "${scripts[@]}" | xargs -P "$jobs" -I{} bash -c 'record_one "$1"' _ {}
