#!/usr/bin/env python3
"""convert-sql-descriptors.py — moves C code from statements found by their SQL
text (`mpos_store_stmt (store, SQL_FIND, error)` with `#define SQL_FIND "…"`)
to named statement descriptors (src/store-private.h):

    static MposSql SQL_FIND = MPOS_SQL ("gift-card: find", "SELECT …");
    g_autoptr (MposStmt) stmt = mpos_store_stmt (store, &SQL_FIND, error);

What it rewrites, file by file (idempotent: run it again on code merged later):
  * the statement argument of mpos_store_stmt: SQL_X → &SQL_X, `c ? A : B`
    → `c ? &A : &B`, a string literal → a descriptor of its own placed above
    the function;
  * helpers that pass a `const char *sql` parameter on to mpos_store_stmt
    (found across all files, to a fixed point) take `MposSql *sql`, and their
    callers' arguments are rewritten as above;
  * `#define SQL_X …` of each descriptor becomes `static MposSql SQL_X =
    MPOS_SQL ("<file>: x", …);` (a macro also used as text elsewhere stays,
    and the descriptor is SQL_X_STMT);
  * statement variables filled by mpos_store_stmt become
    `g_autoptr (MposStmt)`, so a statement is reset when its function is done
    with it (a cached statement still stepping cannot be handed out again);
  * sqlite3_step ( → mpos_store_step ( in src/, which refuses a statement
    whose bind failed.
Changed lines are formatted with clang-format (if installed). Whatever it
cannot convert (a statement taken from a struct field, a table of texts) is
listed at the end as "by hand" — convert those as row-chain.c does.

Usage: tools/convert-sql-descriptors.py [--check] [files or folders…]
       (default: src tests; --check only lists what it would change, exit 1 if any)
"""
import difflib
import os
import re
import shutil
import subprocess
import sys

SKIP = {"store.c", "store-private.h"}  # the descriptor's own definition
STMT_FN = "mpos_store_stmt"


# ---- a tiny C lexer: enough to find balanced arguments outside strings ----

def skip_string(text, i):
    """i at a quote; returns the index after the closing quote."""
    quote = text[i]
    i += 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def parse_args(text, open_paren):
    """Arguments of the call whose '(' is at open_paren: list of (start, end)
    spans (stripped), and the index of the closing ')'."""
    depth, i, start, spans = 0, open_paren, open_paren + 1, []
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = skip_string(text, i)
            continue
        if text.startswith("/*", i):
            i = text.index("*/", i) + 2
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                spans.append((start, i))
                break
        elif c == "," and depth == 1:
            spans.append((start, i))
            start = i + 1
        i += 1
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out, i


def calls(text, name):
    """(args, close) of every `name (` call or declaration in text."""
    for m in re.finditer(r"\b%s\s*\(" % re.escape(name), text):
        if in_comment_or_string(text, m.start()):
            continue
        args, close = parse_args(text, m.end() - 1)
        yield m, args, close


def in_comment_or_string(text, pos):
    line_start = text.rfind("\n", 0, pos) + 1
    line = text[line_start:pos]
    if line.lstrip().startswith(("*", "/*", "//", "#include")):
        return True
    return line.count('"') % 2 == 1


def split_ternary(expr):
    """`c ? a : b` at top level → (c, a, b), else None."""
    depth, q = 0, None
    i = 0
    while i < len(expr):
        c = expr[i]
        if c in "\"'":
            i = skip_string(expr, i)
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "?" and depth == 0 and q is None:
            q = i
        elif c == ":" and depth == 0 and q is not None:
            return expr[:q].rstrip(), expr[q + 1:i].strip(), expr[i + 1:].strip()
        i += 1
    return None


# ---- functions ----------------------------------------------------------------

FUNC_RE = re.compile(r"^([A-Za-z_]\w*) \(", re.M)


def functions(text):
    """(name, params text span, body start, body end, def line start) of each
    function definition written GNU style: name at column 0, body braces at
    column 0."""
    for m in FUNC_RE.finditer(text):
        args, close = parse_args(text, m.end() - 1)
        rest = text[close + 1:close + 40]
        if not re.match(r"\s*\n\{", rest):
            continue
        body_start = text.index("{", close)
        body_end = text.find("\n}", body_start)
        yield m.group(1), args, body_start, body_end if body_end >= 0 else len(text), m.start()


def key(name, f):
    """A core function (mpos_…) is seen from every file; any other, a static
    helper, only in its own."""
    return name if name.startswith("mpos_") else "%s@%s" % (name, f)


def visible(sink, f):
    return "@" not in sink or sink.endswith("@" + f)


def sql_param_name(decl):
    m = re.match(r"(?:const\s+)?MposSql\s*\*\s*(\w+)$", decl)
    return m.group(1) if m else None


def param_name(decl):
    m = re.match(r"(?:const\s+)?char\s*\*\s*(\w+)$", decl)
    return m.group(1) if m else None


# ---- the conversion -----------------------------------------------------------

class Converter:
    def __init__(self, files):
        self.files = files
        self.texts = {f: open(f, encoding="utf-8").read() for f in files}
        self.helpers = {}  # function name → index of its statement parameter
        self.by_hand = []

    def find_helpers(self):
        """Functions whose `const char *` parameter reaches mpos_store_stmt."""
        sinks = {STMT_FN: 1}
        changed = True
        while changed:
            changed = False
            for f, text in self.texts.items():
                for name, params, b0, b1, _ in functions(text):
                    if key (name, f) in sinks:
                        continue
                    pnames = [param_name(text[s:e]) for s, e in params]
                    body = text[b0:b1]
                    for sink, index in list(sinks.items()):
                        if not visible(sink, f):
                            continue
                        for _, args, _ in calls(body, sink):
                            if index >= len(args):
                                continue
                            s, e = args[index]
                            arg = body[s:e]
                            options = split_ternary(arg)
                            for a in (options[1:] if options else (arg,)):
                                if a in pnames and a:
                                    sinks[key (name, f)] = pnames.index(a)
                                    changed = True
            self.helpers = {k: v for k, v in sinks.items() if k != STMT_FN}
        # an already converted helper (MposSql *sql) is still a sink
        for f, text in self.texts.items():
            for name, params, *_ in functions(text):
                for i, (s, e) in enumerate(params):
                    if re.match(r"(?:const\s+)?MposSql\s*\*\s*\w+$", text[s:e]):
                        self.helpers.setdefault(key (name, f), i)

    def convert_file(self, f):
        text = self.texts[f]
        stem = os.path.splitext(os.path.basename(f))[0]
        used = set()
        hoisted = []  # (insert offset, descriptor text)
        edits = []  # (start, end, replacement)

        def enclosing(pos):
            for name, params, b0, b1, d0 in functions(text):
                if b0 <= pos <= b1:
                    return name, d0, [param_name(text[s:e]) or sql_param_name(text[s:e])
                                      for s, e in params]
            return None, None, []

        def statement_arg(s, e):
            arg = text[s:e]
            tern = split_ternary(arg)
            if tern:
                c, a, b = tern
                ra, rb = one(a, s), one(b, s)
                if ra is None or rb is None:
                    return None
                return "%s ? %s : %s" % (c, ra, rb)
            return one(arg, s)

        def one(arg, pos):
            if arg.startswith("&") or arg == "NULL":
                return arg
            if re.fullmatch(r"SQL_\w+", arg):
                used.add(arg)
                return "&" + arg
            if arg.startswith('"'):
                fname, d0, _ = enclosing(pos)
                if fname is None:
                    return None
                base = "SQL_" + re.sub(r"^MPOS_", "", fname.upper())
                name = base
                n = 2
                while re.search(r"\b%s\b" % name, text) or any(name == h[2] for h in hoisted):
                    name = "%s_%d" % (base, n)
                    n += 1
                words = re.sub(r"^mpos_(%s_)?" % stem.replace("-", "_"), "", fname)
                label = "%s: %s" % (stem, words.replace("_", " "))
                top = function_top(text, d0)
                desc = "static MposSql %s = MPOS_SQL (\"%s\", %s);\n\n" % (
                    name, label, " ".join(arg.split("\n")))
                hoisted.append((top, desc, name))
                edits.append((top, top, desc))
                return "&" + name
            fname, _, pnames = enclosing(pos)
            if arg in pnames and (fname in self.helpers or key (fname, f) in self.helpers):
                return arg
            return None

        for sink, index in [(STMT_FN, 1)] + list(self.helpers.items()):
            if not visible(sink, f):
                continue
            sink = sink.split("@")[0]
            for m, args, close in calls(text, sink):
                if index >= len(args):
                    continue
                s, e = args[index]
                decl = param_name(text[s:e])
                if decl is not None:  # a declaration: the helper's parameter
                    if sink != STMT_FN:
                        edits.append((s, e, "MposSql *" + decl))
                    continue
                if re.match(r"(?:const\s+)?MposSql", text[s:e]):
                    continue
                new = statement_arg(s, e)
                if new is None:
                    line = text.count("\n", 0, s) + 1
                    self.by_hand.append("%s:%d: %s (…, %s, …)" % (f, line, sink, text[s:e]))
                elif new != text[s:e]:
                    edits.append((s, e, new))

        text = apply(text, edits)
        text = convert_defines(text, used, stem)
        text = autoptr_statements(text)
        if f.split(os.sep)[0] == "src" or "/src/" in f:
            text = re.sub(r"\bsqlite3_step \(", "mpos_store_step (", text)
            for m in re.finditer(r"\bsqlite3_bind_\w+ \(", text):
                line = text.count("\n", 0, m.start()) + 1
                self.by_hand.append("%s:%d: %s…): use an mpos_bind_* helper (its failure is "
                                    "kept)" % (f, line, m.group(0)))
        return text


def function_top(text, d0):
    """Where to put a descriptor for the function defined at d0: above its
    return type line and the comment right above it."""
    lines_before = text[:d0].split("\n")[:-1]
    pos = d0
    if lines_before and lines_before[-1] and not lines_before[-1][0].isspace() \
            and not lines_before[-1].rstrip().endswith((";", "}", "*/")):
        pos -= len(lines_before[-1]) + 1
        lines_before.pop()
    if lines_before and lines_before[-1].rstrip().endswith("*/"):
        while lines_before:
            line = lines_before.pop()
            pos -= len(line) + 1
            if line.lstrip().startswith("/*"):
                break
    return pos


def apply(text, edits):
    # insertions (descriptors above a function) sort before that function's edits
    for s, e, new in sorted(set(edits), key=lambda x: (x[0], x[1]), reverse=True):
        text = text[:s] + new + text[e:]
    return text


DEFINE_RE = re.compile(r"^#define (SQL_\w+)[ \t]+((?:.*\\\n)*.*)$", re.M)


def convert_defines(text, used, stem):
    for m in reversed(list(DEFINE_RE.finditer(text))):  # from the end: offsets stay right
        name = m.group(1)
        if name not in used:
            continue
        body = " ".join(part.strip() for part in m.group(2).split("\\\n")).strip()
        label = "%s: %s" % (stem, name[4:].lower().replace("_", " "))
        other_uses = [u for u in re.finditer(r"(?<![&\w])%s\b" % name, text)
                      if u.start() != m.start(1) and not in_comment_or_string(text, u.start())]
        if other_uses:
            desc = "%s_STMT" % name
            text = re.sub(r"&%s\b" % name, "&" + desc, text)
            decl = '\nstatic MposSql %s = MPOS_SQL ("%s", %s);' % (desc, label, name)
            text = text[:m.end()] + decl + text[m.end():]
        else:
            text = text[:m.start()] + 'static MposSql %s = MPOS_SQL ("%s", %s);' % (
                name, label, body) + text[m.end():]
    return text


def autoptr_statements(text):
    text = re.sub(r"\bsqlite3_stmt \*(\w+) = %s \(" % STMT_FN,
                  r"g_autoptr (MposStmt) \1 = %s (" % STMT_FN, text)
    out = []
    funcs = list(functions(text))
    last = 0
    for name, params, b0, b1, d0 in funcs:
        body = text[b0:b1]
        assigned = set(re.findall(r"\b(\w+) = %s \(" % STMT_FN, body))

        def repl(m):
            return "g_autoptr (MposStmt) %s = NULL;" % m.group(1) if m.group(1) in assigned \
                else m.group(0)
        out.append(text[last:b0])
        out.append(re.sub(r"\bsqlite3_stmt \*(\w+)(?: = NULL)?;", repl, body))
        last = b1
    out.append(text[last:])
    return "".join(out)


def changed_ranges(old, new):
    ranges = []
    sm = difflib.SequenceMatcher(None, old.split("\n"), new.split("\n"), autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal" and j2 > j1:
            ranges.append((j1 + 1, j2))
    return ranges


def format_lines(path, ranges):
    tool = shutil.which("clang-format")
    if tool is None or not ranges:
        return
    args = [tool, "-i"] + ["--lines=%d:%d" % r for r in ranges] + [path]
    subprocess.run(args, check=True)


def c_files(roots):
    for root in roots:
        if os.path.isfile(root):
            yield root
            continue
        for d, _, names in os.walk(root):
            for n in sorted(names):
                if n.endswith((".c", ".h")) and n not in SKIP:
                    yield os.path.join(d, n)


def main(argv):
    check = "--check" in argv
    roots = [a for a in argv if a != "--check"] or ["src", "tests"]
    conv = Converter(sorted(set(c_files(roots))))
    conv.find_helpers()
    changed = []
    for f in conv.files:
        new = conv.convert_file(f)
        old = conv.texts[f]
        if new == old:
            continue
        changed.append(f)
        if not check:
            with open(f, "w", encoding="utf-8") as out:
                out.write(new)
            format_lines(f, changed_ranges(old, new))
    for f in changed:
        print(("would convert " if check else "converted ") + f)
    for line in conv.by_hand:
        print("by hand: " + line)
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
