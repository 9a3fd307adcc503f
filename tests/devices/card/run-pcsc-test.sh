#!/bin/sh
# run-pcsc-test.sh TEST EMULATOR — runs the PC/SC card reader test against a
# pcscd of its own: in an unprivileged user + mount (+ network) namespace a
# private directory is bind-mounted on /run/pcscd, so the test's pcscd never
# meets the system's (socket, pid file, vpcd port 35963). The test program
# starts and stops pcscd (with the vpcd driver) and the card emulator itself.
# Exits 77 with the reason only where that cannot be done.
set -u

test_program=$1
emulator=$2

skip() {
  echo "SKIP: $*" >&2
  exit 77
}

if [ "${MPOS_PCSC_NAMESPACE:-}" != 1 ]; then
  pcscd=$(command -v pcscd || { [ -x /usr/sbin/pcscd ] && echo /usr/sbin/pcscd; }) ||
    skip "pcscd is not installed (packaging/debian-packages.txt lists it)"
  vpcd=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
  [ -e "$vpcd" ] || skip "the vpcd reader driver is not installed ($vpcd; package vsmartcard-vpcd)"
  command -v unshare >/dev/null || skip "unshare (util-linux) is not installed"
  # A network namespace of its own keeps port 35963 private; it needs `ip`
  # to bring its loopback up.
  net=""
  if command -v ip >/dev/null; then
    net="-n"
  fi
  if ! err=$(unshare -r -m $net true 2>&1); then
    skip "cannot create an unprivileged user+mount namespace: $err"
  fi
  exec env MPOS_PCSC_NAMESPACE=1 MPOS_PCSCD="$pcscd" MPOS_VPCD_DRIVER="$vpcd" \
    MPOS_PCSC_NET="$net" unshare -r -m $net "$0" "$@"
fi

# In the namespace: root here, nobody outside.
if [ -n "${MPOS_PCSC_NET:-}" ]; then
  ip link set lo up || skip "cannot bring up the namespace's loopback"
fi
private=$(mktemp -d "${TMPDIR:-/tmp}/mpos-pcscd-XXXXXX")
trap 'rm -rf "$private"' EXIT
if [ -d /run/pcscd ]; then
  mount --bind "$private" /run/pcscd || skip "cannot bind-mount a private /run/pcscd"
else
  # No /run/pcscd to cover: a private /run holds one.
  mount -t tmpfs -o mode=0755 mpos-run /run && mkdir /run/pcscd ||
    skip "cannot mount a private /run for pcscd"
fi
MPOS_CARD_EMULATOR=$emulator "$test_program" --tap
status=$?
exit $status
