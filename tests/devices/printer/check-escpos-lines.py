#!/usr/bin/env python3
"""check-escpos-lines.py — reads the bytes a receipt printer received (a
`file` backend's output) the way a Chinese thermal printer does, without any
MallPOS code: commands skipped by their documented lengths, text decoded with
Python's own GB18030/GBK codecs, a one-byte code one column and a two- or
four-byte code two columns (the full-width font), times the GS ! width.

usage: check-escpos-lines.py PROFILE.ini BYTES.bin
Prints "kicks=N lines=M widest=W" and, for each line wider than the
profile's columns or text the code page cannot carry, a "bad:" line; exits 1
when there is any."""

import configparser
import sys

ESC, GS, FS, LF = 0x1B, 0x1D, 0x1C, 0x0A


def profile_of(path):
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(path, encoding="utf-8")
    p = ini["printer"]
    encoding = p.get("encoding", "GB18030").upper()
    four_byte = p.get("gb18030-four-byte", "true" if encoding == "GB18030" else "false")
    return int(p.get("columns")), encoding, four_byte.strip().lower() == "true"


def command_length(data, i):
    """Bytes the command at i takes (data[i] is ESC, GS or FS)."""
    b, n = data[i], data[i + 1]
    if b == ESC:
        if n == ord("@"):
            return 2
        if n == ord("p"):
            return 5
        if n in b"aEdt!-M":
            return 3
    if b == FS and n in b"&.":
        return 2
    if b == GS:
        if n in b"!HfhwV":
            return 3
        if n == ord("k"):  # GS k 73 n data
            return 4 + data[i + 3]
        if n == ord("("):  # GS ( k pL pH ...
            return 5 + data[i + 3] + 256 * data[i + 4]
        if n == ord("v"):  # GS v 0 m xL xH yL yH data
            x = data[i + 4] + 256 * data[i + 5]
            y = data[i + 6] + 256 * data[i + 7]
            return 8 + x * y
    raise SystemExit("bad: unknown command %02x %02x at byte %d" % (b, n, i))


def code_length(data, i):
    """Length of the GB18030 code at i: 1, 2 or 4."""
    if data[i] < 0x80:
        return 1
    if i + 1 < len(data) and 0x30 <= data[i + 1] <= 0x39:
        return 4
    return 2


def main():
    columns, encoding, four_byte = profile_of(sys.argv[1])
    data = open(sys.argv[2], "rb").read()
    kicks = lines = widest = 0
    problems = []
    line = bytearray()
    width = 0
    multiplier = 1
    i = 0
    while i < len(data):
        b = data[i]
        if b in (ESC, GS, FS):
            if b == ESC and data[i + 1] == ord("p"):
                kicks += 1
            if b == ESC and data[i + 1] == ord("@"):
                multiplier = 1
            if b == GS and data[i + 1] == ord("!"):
                multiplier = (data[i + 2] >> 4) + 1
            i += command_length(data, i)
            continue
        if b == LF:
            text = bytes(line)
            try:
                shown = text.decode("gbk" if encoding == "GBK" else "gb18030")
            except UnicodeDecodeError as e:
                problems.append("line %d does not decode: %s" % (lines + 1, e))
                shown = repr(text)
            if width > columns:
                problems.append("line %d is %d columns, the printer has %d: %s"
                                % (lines + 1, width, columns, shown))
            widest = max(widest, width)
            lines += 1
            line.clear()
            width = 0
            i += 1
            continue
        if b < 0x20 or b == 0x7F:
            raise SystemExit("bad: control byte %02x at %d" % (b, i))
        n = code_length(data, i)
        if n == 4 and (encoding == "GBK" or not four_byte):
            problems.append("line %d: a four-byte code the printer's font lacks" % (lines + 1))
        line += data[i:i + n]
        width += (1 if n == 1 else 2) * multiplier
        i += n
    print("kicks=%d lines=%d widest=%d" % (kicks, lines, widest))
    for p in problems:
        print("bad: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
