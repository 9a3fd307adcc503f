#!/usr/bin/env python3
"""include-cycles.py — fails when the project's own #include "…" lines form
a cycle between modules. A module is a .c file and the headers named after
it (cart.c, cart.h, cart-private.h are module "cart"); module A depends on
B when a file of A includes a header of B. A cycle means two concepts that
cannot be understood (or built, or tested) one without the other. Usage:
include-cycles.py [--known FILE] DIR… (each DIR is scanned, not
recursively). FILE lists the cycles not broken yet, one a line, as the
modules of each in sorted order separated by blanks: they are reported,
not failed, so the list can only shrink — a new cycle fails, and so does a
listed one that is gone (take it off the list)."""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def module_of(name):
    stem = os.path.splitext(os.path.basename(name))[0]
    return stem[: -len("-private")] if stem.endswith("-private") else stem


def graph(dirs):
    edges = {}
    headers = set()
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if f.endswith(".h"):
                headers.add(f)
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if not f.endswith((".c", ".h")):
                continue
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                text = fh.read()
            a = module_of(f)
            for inc in INCLUDE.findall(text):
                if os.path.basename(inc) in headers:
                    b = module_of(inc)
                    if a != b:
                        edges.setdefault(a, set()).add(b)
    return edges


def cycles(edges):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def read_known(path):
    known = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].split()
            if line:
                known.add(tuple(sorted(line)))
    return known


def main(argv):
    args = argv[1:]
    known = set()
    if args[:1] == ["--known"] and len(args) >= 2:
        known = read_known(args[1])
        args = args[2:]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    edges = graph(args)
    found = cycles(edges)
    new = 0
    for comp in found:
        members = set(comp)
        links = ", ".join(
            f"{a} → {b}" for a in comp for b in sorted(edges.get(a, ())) if b in members
        )
        listed = tuple(comp) in known
        new += not listed
        print(f"{'known' if listed else 'NEW'} include cycle between modules {', '.join(comp)}: {links}")
    gone = known - {tuple(c) for c in found}
    for comp in sorted(gone):
        print(f"listed cycle {' '.join(comp)} is gone: take it off the known list")
    if new:
        print(f"{new} new include cycle(s): move what both sides need into a module of its own, "
              "or have the lower module take a callback instead of including the higher one")
    if new or gone:
        return 1
    print(f"no new include cycles among {len(edges)} modules ({len(found)} known)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
