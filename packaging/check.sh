#!/usr/bin/env bash
# check.sh — README command 2 (and all that CI runs): install what is needed,
# build twice (normal, and with AddressSanitizer + UndefinedBehaviorSanitizer)
# and run the whole test suite in both builds. Benchmarks are not run here.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

bash "$top/packaging/install-deps.sh"

setup() {
  local dir=$1
  shift
  if [[ -f "$dir/build.ninja" ]]; then
    meson setup --reconfigure "$dir" "$top" "$@" >/dev/null
  else
    meson setup "$dir" "$top" "$@" >/dev/null
  fi
  ninja -C "$dir"
}

setup "$top/_build"
setup "$top/_build-asan" -Db_sanitize=address,undefined -Db_lundef=false -Dbench=false

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1

status=0
meson test -C "$top/_build" --print-errorlogs --num-processes 2 || status=1
meson test -C "$top/_build-asan" --print-errorlogs --num-processes 2 || status=1

# One closing line for both runs: "N passed, N failed, N skipped".
python3 - "$top/_build" "$top/_build-asan" <<'PY'
import json, sys
passed = failed = skipped = 0
for build in sys.argv[1:]:
    with open(f"{build}/meson-logs/testlog.json") as log:
        for line in log:
            result = json.loads(line)["result"]
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
