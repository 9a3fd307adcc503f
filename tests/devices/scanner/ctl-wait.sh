#!/bin/sh
# ctl-wait.sh — `mallposctl wait-scan` and `wait-card` end to end: the
# built-in virtual devices on stdin, a devices.ini with a virtual scanner on
# a Unix socket (prefix stripped, AIM parsed), card numbers masked in text
# and whole only in --json, garbage reported while the wait goes on, and
# the exit codes (0 read, 3 timeout, 1 input ended, 2 usage).
set -u
ctl=${MALLPOSCTL:?MALLPOSCTL is not set}
dir=$(mktemp -d "${TMPDIR:-/tmp}/mpos-ctl-wait-XXXXXX")
trap 'rm -rf "$dir"' EXIT
failed=0
count=0

check() { # name expected actual
  count=$((count + 1))
  if [ "$2" = "$3" ]; then
    echo "ok - $1"
  else
    echo "not ok - $1: expected “$2”, got “$3”"
    failed=1
  fi
}

# No devices.ini where mallposctl looks: the built-in default.
unset MALLPOS_DEVICES
export XDG_CONFIG_HOME="$dir/config"

out=$(echo 6901234567892 | "$ctl" wait-scan --timeout 5)
check "stdin scan prints the code" "6901234567892" "$out"

out=$(echo ']E496385074' | "$ctl" wait-scan --json --timeout 5 | jq -r '.symbology + " " + .code')
check "json names the symbology" "EAN-8 96385074" "$out"

out=$(printf '\001\377\n4006381333931\n' | "$ctl" wait-scan --timeout 5 2>"$dir/err")
check "garbage is reported, the next scan counts" "4006381333931" "$out"
grep -q 'scanner “scanner0” (virtual stdin): sent 2 bytes that are not a barcode' "$dir/err"
check "garbage error names the scanner" 0 $?

out=$(echo ';8800000000017?' | "$ctl" wait-card --timeout 5)
check "card number is masked in text" "8800*****0017" "$out"

out=$(echo ';8800000000017=2912?' | "$ctl" wait-card --json --timeout 5)
check "card number is masked in json too" "8800*****0017 true" "$(echo "$out" | jq -r '.card_no_masked + " " + (.track2 | tostring)')"
check "json carries no full number or track" "" "$(echo "$out" | grep -o '8800000000017')"

echo '%E?;E?' | "$ctl" wait-card --timeout 5 >/dev/null 2>"$dir/err"
check "an unreadable swipe then end of input exits 1" 1 $?
grep -q 'swipe it again' "$dir/err"
check "unreadable swipe says swipe again" 0 $?

sleep 3 | "$ctl" wait-scan --timeout 1 >/dev/null 2>"$dir/err"
check "timeout exits 3" 3 $?
grep -q 'nothing was scanned within 1 s on scanner “scanner0”' "$dir/err"
check "timeout message names the scanner" 0 $?

"$ctl" wait-scan </dev/null >/dev/null 2>&1
check "stdin ending before a scan exits 1" 1 $?

"$ctl" wait-scan --timeout -1 </dev/null >/dev/null 2>&1
check "negative timeout is a usage error" 2 $?

# A devices.ini: a virtual scanner on a Unix socket with a prefix.
cat >"$dir/devices.ini" <<INI
[printer0]
category=printer
backend=virtual

[scanner0]
category=scanner
backend=virtual
port=$dir/scanner.sock
prefix=#
INI
export MALLPOS_DEVICES="$dir/devices.ini"
"$ctl" wait-scan --json --timeout 10 >"$dir/out" 2>"$dir/err" &
pid=$!
python3 - "$dir/scanner.sock" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); break
    except OSError:
        time.sleep(0.05)
s.sendall(b"#]C0RCPT-0001\n")
PY
wait $pid
check "socket scanner exits 0" 0 $?
check "socket scanner strips the prefix" "Code 128 RCPT-0001" "$(jq -r '.symbology + " " + .code' "$dir/out")"

"$ctl" wait-card --timeout 1 </dev/null >/dev/null 2>"$dir/err"
check "no card reader configured is an error" 1 $?
grep -q 'no card reader is configured' "$dir/err"
check "and says so" 0 $?

"$ctl" wait-scan --device printer0 --timeout 1 </dev/null >/dev/null 2>&1
check "a printer is no scanner" 1 $?

echo "1..$count"
exit $failed
