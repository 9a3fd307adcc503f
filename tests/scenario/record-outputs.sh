#!/bin/bash
# record-outputs.sh — runs the scenario scripts with every mallposctl call
# recorded (arguments, stdout, stderr, exit code) into one file per script,
# with generated ids and temp paths masked, so that two builds can be
# compared: "behaviour unchanged" means `diff -r` of two recordings is empty.
#
#   bash tests/scenario/record-outputs.sh BUILD_DIR OUT_DIR [SCRIPT…]
#   diff -r OUT_DIR_BEFORE OUT_DIR_AFTER
set -u
build=$(cd "$1" && pwd)
out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
scripts=("$@")
if [ ${#scripts[@]} -eq 0 ]; then
  for s in "$here"/*.sh; do
    case $(basename "$s") in lib.sh | record-outputs.sh | install.sh) ;; *) scripts+=("$(basename "$s" .sh)") ;; esac
  done
fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The recording wrapper: runs the real mallposctl, keeps what it said.
cat >"$work/mallposctl" <<'WRAP'
#!/bin/bash
n=$(($(cat "$REC_DIR/count" 2>/dev/null || echo 0) + 1))
echo "$n" >"$REC_DIR/count"
"$REC_REAL" "$@" >"$REC_DIR/$n.out" 2>"$REC_DIR/$n.err"
rc=$?
{ printf '### %s\n' "$n"; printf '%q ' "${@}"; printf '\n--- stdout\n'; cat "$REC_DIR/$n.out"
  printf -- '--- stderr\n'; cat "$REC_DIR/$n.err"; printf -- '--- exit %s\n' "$rc"; } >>"$REC_DIR/log"
cat "$REC_DIR/$n.out"
cat "$REC_DIR/$n.err" >&2
exit $rc
WRAP
chmod +x "$work/mallposctl"

for s in "${scripts[@]}"; do
  rec="$work/$s"
  mkdir -p "$rec"
  G_DEBUG=fatal-criticals REC_DIR=$rec REC_REAL="$build/src/ctl/mallposctl" MALLPOSCTL="$work/mallposctl" \
    MALLPOS_DEMO_DIR="$here/../../data/demo" MALLPOS_BUILD_ROOT="$build" \
    bash "$here/$s.sh" >"$rec/tap" 2>&1
  echo "$s: exit $? ($(grep -c '^ok' "$rec/tap") ok, $(grep -c '^not ok' "$rec/tap") not ok)"
  # Generated ids (UUIDs, coupon codes, virtual card numbers), the wall-clock
  # time a damage was found and temp paths differ run to run.
  sed -E -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<uuid>/g' \
    -e 's#/tmp/mallpos-scenario-[A-Za-z0-9]+|/tmp/tmp\.[A-Za-z0-9]+#<tmp>#g' \
    -e 's/\b[0-9A-HJKMNP-TV-Z]{16}\b/<code>/g' \
    -e 's/\b89[0-9]{11}\b|\b89[0-9]{2}\*{5}[0-9]{4}\b/<virtual-card>/g' \
    -e 's/(MP1\.[0-9]+\.[0-9]+\.)[0-9a-f]+/\1<mac>/g' -e 's/(MP2\.)[a-z2-7]+\.([0-9]+\.)[0-9a-f]+/\1<uid>.\2<mac>/g' -e 's/("qr_secret":\s*)"[^"]*"/\1"<secret>"/' \
    -e 's/found [0-9-]+ [0-9:]+ by/found <time> by/g' \
    "$rec/log" >"$out/$s.log" 2>/dev/null || : >"$out/$s.log"
done
