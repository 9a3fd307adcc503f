#!/usr/bin/env python3
"""check-udev-rules.py — checks packaging/udev/60-mallpos.rules the way udev
reads it: every line a comma-separated list of KEY{attr}OP"value" pairs with a
key udev knows, a match operator on match keys and an assignment on the others,
GOTOs that land on a LABEL, modes in octal, and USB ids written as udev
compares them (4 lowercase hex digits: "0C2E" never matches). Debian 12's
systemd 252 has no `udevadm verify` (253 added it); where udevadm has it, it
runs as well. Exit 0 when clean; otherwise one line per problem."""

import re
import shutil
import subprocess
import sys

MATCH_KEYS = {
    "ACTION", "DEVPATH", "KERNEL", "KERNELS", "NAME", "SYMLINK", "SUBSYSTEM",
    "SUBSYSTEMS", "DRIVER", "DRIVERS", "TAG", "TAGS", "TEST", "PROGRAM", "RESULT",
    "ATTR", "ATTRS", "SYSCTL", "ENV", "CONST",
}
ASSIGN_KEYS = {
    "NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "SECLABEL", "ATTR", "SYSCTL", "ENV",
    "TAG", "RUN", "IMPORT", "LABEL", "GOTO", "OPTIONS",
}
KEYS_WITH_ATTR = {"ATTR", "ATTRS", "ENV", "SYSCTL", "TEST", "RUN", "IMPORT", "SECLABEL", "CONST"}
MATCH_OPS = {"==", "!="}
ASSIGN_OPS = {"=", "+=", "-=", ":="}

PAIR = re.compile(r'\s*([A-Z]+)(?:\{([^}]*)\})?\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"\s*')


def parse_line(line):
    """Returns the (key, attr, op, value) pairs of a rule, or raises ValueError."""
    pairs = []
    pos = 0
    while pos < len(line):
        m = PAIR.match(line, pos)
        if not m:
            raise ValueError(f"cannot read a KEY==\"value\" pair at “{line[pos:pos + 30]}”")
        pairs.append(m.groups())
        pos = m.end()
        if pos < len(line):
            if line[pos] != ",":
                raise ValueError(f"expected a comma at “{line[pos:pos + 30]}”")
            pos += 1
    return pairs


def check_pair(key, attr, op, value):
    problems = []
    if key not in MATCH_KEYS | ASSIGN_KEYS:
        problems.append(f"unknown key {key}")
    elif op in MATCH_OPS and key not in MATCH_KEYS:
        problems.append(f"{key} cannot be matched with {op}")
    elif op in ASSIGN_OPS and key not in ASSIGN_KEYS:
        problems.append(f"{key} is a match key: use == or !=, not {op}")
    if key in KEYS_WITH_ATTR and attr is None and key not in {"RUN", "IMPORT", "TEST"}:
        problems.append(f"{key} needs an attribute: {key}{{name}}")
    if attr is not None and key not in KEYS_WITH_ATTR:
        problems.append(f"{key} takes no {{attribute}}")
    if key == "MODE" and not re.fullmatch(r"0?[0-7]{3,4}", value):
        problems.append(f'MODE "{value}" is not an octal mode')
    if attr in {"idVendor", "idProduct"} and not re.fullmatch(r"[0-9a-f]{4}|[0-9a-f*?\[\]-]+", value):
        problems.append(f'{key}{{{attr}}} "{value}" must be lowercase hex as the kernel prints it')
    if attr in {"idVendor", "idProduct"} and re.search(r"[A-F]", value):
        problems.append(f'{key}{{{attr}}} "{value}" has uppercase hex digits: it never matches')
    return problems


def check(path):
    problems = []
    labels = set()
    gotos = []
    rules = 0
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if raw.endswith("\\"):
            problems.append(f"{path}:{number}: line continuations are not used here")
            continue
        try:
            pairs = parse_line(line)
        except ValueError as e:
            problems.append(f"{path}:{number}: {e}")
            continue
        rules += 1
        for key, attr, op, value in pairs:
            for p in check_pair(key, attr, op, value):
                problems.append(f"{path}:{number}: {p}")
            if key == "LABEL":
                labels.add(value)
            if key == "GOTO":
                gotos.append((number, value))
        assigns = {k for k, _, op, _ in pairs if op in ASSIGN_OPS}
        if ("MODE" in assigns or "GROUP" in assigns) and "TAG" not in assigns:
            problems.append(f"{path}:{number}: gives access by MODE/GROUP but no TAG+=\"uaccess\"")
    for number, label in gotos:
        if label not in labels:
            problems.append(f"{path}:{number}: GOTO=\"{label}\" has no LABEL")
    if rules == 0:
        problems.append(f"{path}: no rules")
    return problems


def udevadm_verify(path):
    udevadm = shutil.which("udevadm")
    if udevadm is None:
        return []
    probe = subprocess.run([udevadm, "verify", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        return []
    run = subprocess.run([udevadm, "verify", path], capture_output=True, text=True)
    if run.returncode != 0:
        return [f"udevadm verify: {line}" for line in (run.stdout + run.stderr).splitlines()]
    return []


def self_test():
    """The checker itself must catch the mistakes it is for."""
    import os
    import tempfile
    bad = {
        'ATTR{idVendor}=="0C2E", TAG+="uaccess"': "uppercase",
        'SUBSYSTEM="usb", TAG+="uaccess"': "match key",
        'SUBSYSTEM=="usb" TAG+="uaccess"': "comma",
        'SUBSYSTEMZ=="usb", TAG+="uaccess"': "unknown key",
        'SUBSYSTEM=="usb", MODE="0999", TAG+="uaccess"': "octal",
        'SUBSYSTEM=="usb", GOTO="nowhere"': "no LABEL",
        'SUBSYSTEM=="usb", MODE="0660", GROUP="lp"': "uaccess",
        'ATTRS=="x", TAG+="uaccess"': "attribute",
    }
    failures = 0
    for line, expected in bad.items():
        with tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False) as f:
            f.write(line + "\n")
        problems = check(f.name)
        os.unlink(f.name)
        if not any(expected in p for p in problems):
            print(f"not caught ({expected}): {line} -> {problems}")
            failures += 1
    print("ok: the checker catches every planted mistake" if not failures else "checker broken")
    return 1 if failures else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 2:
        print("usage: check-udev-rules.py RULES", file=sys.stderr)
        return 2
    problems = check(sys.argv[1]) + udevadm_verify(sys.argv[1])
    for p in problems:
        print(p)
    if not problems:
        print(f"ok: {sys.argv[1]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
