#!/usr/bin/env python3
"""test-ctl-devices.py — `mallposctl devices` end to end: the built-in default,
a devices.ini with a device present (a pty, a loopback TCP printer) and absent
ones (a missing port, a closed port), --json, and a broken devices.ini (exit 4,
the group and key named). Prints TAP."""

import json
import os
import pty
import socket
import subprocess
import sys
import tempfile

MALLPOSCTL = os.environ["MALLPOSCTL"]
results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def run(*args, env_extra=None):
    env = dict(os.environ)
    env.pop("MALLPOS_DEVICES", None)
    env.update(env_extra or {})
    return subprocess.run([MALLPOSCTL, "devices", *args], capture_output=True, text=True,
                          env=env, timeout=30)


def main():
    with tempfile.TemporaryDirectory() as home:
        # No devices.ini: the built-in virtual printer and scanner, both present.
        out = run("--json", env_extra={"XDG_CONFIG_HOME": home})
        doc = json.loads(out.stdout) if out.returncode == 0 else {}
        names = [(d["name"], d["category"], d["backend"], d["present"]) for d in doc.get("devices", [])]
        check("builtin_default_lists_virtual_printer_and_scanner",
              doc.get("source") == "(built-in default)"
              and names == [("printer0", "printer", "virtual", True),
                            ("scanner0", "scanner", "virtual", True)], out.stdout + out.stderr)

        master, slave = pty.openpty()
        tty = os.ttyname(slave)
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        open_port = listener.getsockname()[1]
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        closed_port = closed.getsockname()[1]
        closed.close()
        ini = os.path.join(home, "devices.ini")
        with open(ini, "w") as f:
            f.write(f"""[scanner0]
category=scanner
backend=serial
port={tty}
[scanner1]
category=scanner
backend=serial
port={home}/no-such-tty
[printer0]
category=printer
backend=tcp
host=127.0.0.1
tcp_port={open_port}
[printer1]
category=printer
backend=tcp
host=127.0.0.1
tcp_port={closed_port}
[drawer0]
category=drawer
printer=printer0
""")
        out = run("--json", "--devices", ini)
        doc = json.loads(out.stdout) if out.returncode == 0 else {}
        present = {d["name"]: d["present"] for d in doc.get("devices", [])}
        check("present_and_absent_devices_are_told_apart",
              present == {"scanner0": True, "scanner1": False, "printer0": True,
                          "printer1": False, "drawer0": None}, out.stdout + out.stderr)
        reasons = {d["name"]: d.get("reason", "") for d in doc.get("devices", [])}
        check("absent_devices_say_why",
              "the port does not exist" in reasons.get("scanner1", "")
              and f"tcp 127.0.0.1:{closed_port}: cannot connect" in reasons.get("printer1", ""),
              json.dumps(reasons))

        out = run("--devices", ini)
        lines = out.stdout.splitlines()
        check("text_listing_has_a_row_per_device",
              out.returncode == 0 and lines[0] == f"devices from {ini}"
              and any(l.startswith("scanner0") and " yes " in l for l in lines)
              and any(l.startswith("printer1") and " no " in l for l in lines), out.stdout)

        with open(ini, "w") as f:
            f.write("[printer0]\ncategory=printer\nbackend=usb\nproduct_id=0x5011\n")
        out = run("--devices", ini)
        check("broken_devices_ini_is_invalid_input_naming_group_and_key",
              out.returncode == 4 and "[printer0]: missing vendor_id" in out.stderr,
              f"{out.returncode} {out.stderr}")

        out = run("--devices", os.path.join(home, "nothing.ini"))
        check("missing_devices_ini_is_not_found", out.returncode == 3, f"{out.returncode} {out.stderr}")

        out = run("extra")
        check("arguments_are_a_usage_error", out.returncode == 2, out.stderr)
        os.close(master)
        os.close(slave)
        listener.close()

    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok:
            for line in detail.splitlines():
                print(f"# {line}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
