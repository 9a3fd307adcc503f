#!/usr/bin/env python3
"""record-outputs-mask.py — the masking half of record-outputs.sh: reads a
script's recorded mallposctl calls (blocks "### N", arguments, stdout,
stderr, exit code) on stdin and writes them with what differs from run to
run replaced by a placeholder: generated ids (UUIDs, coupon codes, virtual
card numbers, QR codes' MACs and secrets, row-chain links), temp paths,
the source tree's path, wall-clock times.
Calls that overlapped (a script's processes racing on purpose) are put in
an order that does not depend on which one won. Anything else that changes
between two runs of the same build is a behaviour to look at, or a mask to
add here."""
import os
import re
import sys

MASKS = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"/tmp/mallpos-scenario-[A-Za-z0-9]+|/tmp/tmp\.[A-Za-z0-9]+"), "<tmp>"),
    (re.compile(r"\b[0-9A-HJKMNP-TV-Z]{16}\b"), "<code>"),
    (re.compile(r"\b89[0-9]{11}\b|\b89[0-9]{2}\*{5}[0-9]{4}\b"), "<virtual-card>"),
    (re.compile(r"(MP1\.[0-9]+\.[0-9]+\.)[0-9a-f]+"), r"\1<mac>"),
    (re.compile(r"(MP2\.)[a-z2-7]+\.([0-9]+\.)[0-9a-f]+"), r"\1<uid>.\2<mac>"),
    (re.compile(r'("qr_secret":\s*)"[^"]*"'), r'\1"<secret>"'),
    (re.compile(r"found [0-9-]+ [0-9:]+ by"), "found <time> by"),
    # The row chain's links hash rows that hold generated ids and times.
    (re.compile(r'("link":\s*)"[0-9a-f]{64}"'), r'\1"<link>"'),
]


def mask(text):
    # The source tree the scripts ran from (record-outputs.sh sets it): two
    # checkouts record the same.
    root = os.environ.get("MALLPOS_SOURCE_ROOT")
    if root:
        text = text.replace(root + "/tests/scenario/../..", "<src>").replace(root, "<src>")
    for pattern, placeholder in MASKS:
        text = pattern.sub(placeholder, text)
    return text


def blocks(text):
    """[(number, overlapping, body)] in the order recorded."""
    out = []
    for chunk in re.split(r"^(?=### \d+)", text, flags=re.M):
        if not chunk:
            continue
        head, _, body = chunk.partition("\n")
        m = re.match(r"### (\d+)( \(overlapping\))?$", head)
        if m is None:
            out.append((None, False, chunk))
            continue
        out.append((int(m.group(1)), bool(m.group(2)), body))
    return out


def main():
    recorded = blocks(mask(sys.stdin.read()))
    i = 0
    while i < len(recorded):
        j = i
        while j < len(recorded) and recorded[j][1]:
            j += 1
        if j - i > 1:
            numbers = [b[0] for b in recorded[i:j]]
            bodies = sorted(b[2] for b in recorded[i:j])
            recorded[i:j] = [(n, True, body) for n, body in zip(numbers, bodies)]
        i = max(j, i + 1)
    for number, overlapping, body in recorded:
        if number is None:
            sys.stdout.write(body)
        else:
            sys.stdout.write(f"### {number}{' (overlapping)' if overlapping else ''}\n{body}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
