#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""mutate.py - mutation testing of libgi's C sources against the Check suites.

Each mutant is one small change to one libgi/*.c file: a relational
operator moved across its boundary or negated, an arithmetic or logical
operator swapped, a constant changed, a negation or a statement deleted, a
return value replaced by 0, a string in a static table altered. The runner
copies the build tree to a temporary directory, writes each mutant there in
turn, rebuilds libgi-core and tests/check_gi with make (nothing else: not
the CLI, not the bindings), and runs the Check suites that exercise the
file. A mutant is killed when a suite fails, crashes or runs out of time;
it survives when every suite passes; a mutant that does not compile is not
counted. The source tree is never written to, so an interrupted run leaves
nothing behind but the temporary directory, which is removed on exit
(Ctrl-C included).

Returning 0 instead of gi__oom() is not tried: the suites cannot make
malloc fail. Tests that go through the gi command (GI_BIN) run the unmutated program of
the build tree, so they cannot kill mutants; deleting a call that only
frees memory is not tried (valgrind, run by make check, finds those).

Usage (from the build directory; `make mutation MUTATE_ARGS=...` does it):
  tests/mutate.py [--file libgi/stats.c]... [--sample N] [--seed S]
                  [--max N] [--rerun FILE] [--list] [--suites a,b]
Mutants are enumerated in source order; --sample N draws N of each file's
mutants with a fixed seed (--seed, default 1), so a run is repeatable;
--max N keeps the first N of each file. --rerun FILE runs only the mutants
named by lines "libgi/x.c:LINE:COL: 'orig' -> 'mutant'" in FILE (the
survivor lines this script prints). Reviewed equivalent mutants (lines in
that same form followed by "# reason") are read from
tests/mutation-equivalent.txt and left out of the score.
"""

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# Suites (tests/main.c) that exercise each file, fastest first. Files not
# listed run every suite but cli.
SUITES = {
    "libgi/units.c": ["units", "metrology", "spec", "decide", "verify", "report", "input", "place", "numbers"],
    "libgi/stats.c": ["stats", "metrology", "verify", "decide", "numbers"],
    "libgi/decide.c": ["decide", "metrology", "verify", "numbers", "report", "input", "place", "errors", "stats",
                       "risk"],
    "libgi/verify.c": ["verify", "numbers", "decide", "metrology", "stats", "report", "input", "place", "errors",
                       "spec", "risk"],
    "libgi/record.c": ["errors", "record", "registry"],   # the registry signs council documents through record.c
    "libgi/record_verify.c": ["errors", "record"],
}
ALL_SUITES = ["number", "units", "spec", "report", "input", "verify", "decide", "stats",
              "place", "risk", "numbers", "metrology", "errors", "record"]
DEFAULT_FILES = ["libgi/decide.c", "libgi/verify.c", "libgi/stats.c", "libgi/units.c",
                 "libgi/record.c", "libgi/record_verify.c"]

# ------------------------------------------------------------------ lexer

PUNCT = sorted("""... <<= >>= -> ++ -- << >> <= >= == != && || *= /= %= += -= &= ^= |= ##
    [ ] ( ) { } . & * + - ~ ! / % < > ^ | ? : ; = , #""".split(), key=len, reverse=True)
NUM_RE = re.compile(r"0[xX][0-9a-fA-F]+[uUlL]*|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?[fFlLuU]*")
ID_RE = re.compile(r"[A-Za-z_]\w*")
KEYWORDS = set("""auto break case char const continue default do double else enum extern
    float for goto if inline int long register restrict return short signed sizeof static
    struct switch typedef union unsigned void volatile while _Bool bool""".split())
TYPE_WORDS = set("""char const double float int long short signed unsigned void volatile
    struct union enum bool _Bool static""".split())


class Tok:
    __slots__ = ("kind", "text", "start", "end", "line", "col")

    def __init__(self, kind, text, start, line, col):
        self.kind, self.text, self.start = kind, text, start
        self.end = start + len(text)
        self.line, self.col = line, col


def lex(src):
    """C tokens of src with offsets, skipping comments and preprocessor lines."""
    toks = []
    i, n, line, bol = 0, len(src), 1, 0
    at_line_start = True
    while i < n:
        c = src[i]
        if c == "\n":
            i += 1
            line += 1
            bol = i
            at_line_start = True
            continue
        if c in " \t\r\f\v":
            i += 1
            continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += src.count("\n", i, j)
            if "\n" in src[i:j]:
                bol = src.rfind("\n", i, j) + 1
            i = j
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "#" and at_line_start:
            while True:
                j = src.find("\n", i)
                if j < 0:
                    i = n
                    break
                if src[j - 1] == "\\":
                    line += 1
                    i = j + 1
                    bol = i
                    continue
                i = j
                break
            continue
        at_line_start = False
        col = i - bol + 1
        if c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            toks.append(Tok("str" if c == '"' else "chr", src[i:j + 1], i, line, col))
            i = j + 1
            continue
        m = NUM_RE.match(src, i) if (c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit())) else None
        if m:
            toks.append(Tok("num", m.group(0), i, line, col))
            i = m.end()
            continue
        m = ID_RE.match(src, i)
        if m:
            toks.append(Tok("id", m.group(0), i, line, col))
            i = m.end()
            continue
        for p in PUNCT:
            if src.startswith(p, i):
                toks.append(Tok("op", p, i, line, col))
                i += len(p)
                break
        else:
            i += 1
    return toks


# ---------------------------------------------------------------- mutants

class Mutant:
    __slots__ = ("file", "line", "col", "start", "end", "orig", "repl", "kind")

    def __init__(self, file, tok_or_span, orig, repl, kind, line=None, col=None):
        self.file = file
        self.start, self.end = tok_or_span
        self.orig, self.repl, self.kind = orig, repl, kind
        self.line, self.col = line, col

    def key(self):
        return (self.file, self.line, self.col, self.orig, self.repl)

    def name(self):
        return "%s:%d:%d: '%s' -> '%s'" % (self.file, self.line, self.col, self.orig, self.repl)


REL = {"<": ["<=", ">="], "<=": ["<", ">"], ">": [">=", "<="], ">=": [">", "<"],
       "==": ["!="], "!=": ["=="]}
ARITH = {"+": ["-"], "-": ["+"], "*": ["/"], "/": ["*"], "%": ["*"],
         "+=": ["-="], "-=": ["+="], "*=": ["/="], "/=": ["*="], "++": ["--"], "--": ["++"]}
LOGIC = {"&&": ["||"], "||": ["&&"]}
# Calls whose only effect is releasing memory or handles: deleting them
# leaks, which valgrind finds rather than the suites.
RELEASE_RE = re.compile(r"free|Free|_unref|cleanup|destroy|_close|fclose|_clear|BIO_vfree")


def is_type_word(t):
    return t.kind == "id" and (t.text in TYPE_WORDS or t.text.endswith("_t") or
                               t.text[:1].isupper() or t.text.startswith(("gi_", "xml")))


def value_end(t):
    """Whether t ends an operand, so that a following + - * is binary."""
    return (t.kind in ("num", "str", "chr") or (t.kind == "id" and t.text not in KEYWORDS)
            or t.text in (")", "]", "++", "--"))


def float_mutant(text):
    body = text.rstrip("fFlL")
    suffix = text[len(body):]
    try:
        v = float(body)
    except ValueError:
        return None
    if v == 0:
        return "1.0" + suffix
    w = v + 1 if v >= 1 else v * 2
    return repr(w) + suffix


def int_mutants(text):
    body = text.rstrip("uUlL")
    suffix = text[len(body):]
    v = int(body, 16) if body[:2] in ("0x", "0X") else int(body, 8) if body != "0" and body.startswith("0") else int(body)
    if v == 0:
        return ["1" + suffix]
    if v == 1:
        return ["0" + suffix, "2" + suffix]
    return [str(v + 1) + suffix]


def mutants_of(path, rel):
    src = open(path, encoding="utf-8").read()
    toks = lex(src)
    out = []
    # Regions: function bodies and initializers at file scope are mutated;
    # struct/enum bodies and other declarations are not.
    depth, region = 0, None
    live = [False] * len(toks)
    in_table = [False] * len(toks)
    for k, t in enumerate(toks):
        if t.text == "{":
            if depth == 0:
                prev = toks[k - 1].text if k else ""
                region = "func" if prev == ")" else "init" if prev == "=" else None
            depth += 1
        elif t.text == "}":
            depth -= 1
            if depth == 0:
                region = None
        elif depth == 0 and region is None and t.text == "=":
            pass
        live[k] = depth > 0 and region is not None
        in_table[k] = depth > 0 and region == "init"

    def add(t, repl, kind):
        out.append(Mutant(rel, (t.start, t.end), t.text, repl, kind, t.line, t.col))

    for k, t in enumerate(toks):
        if not live[k]:
            continue
        prev = toks[k - 1] if k else None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if t.kind == "op":
            if t.text in REL:
                for r in REL[t.text]:
                    add(t, r, "rel")
            elif t.text in LOGIC:
                add(t, LOGIC[t.text][0], "logic")
            elif t.text in ARITH:
                binary = prev is not None and value_end(prev)
                if t.text in ("+", "-", "*", "/", "%") and not binary:
                    if t.text == "-":          # unary minus: delete it
                        out.append(Mutant(rel, (t.start, t.end), "-", "", "neg", t.line, t.col))
                    continue
                if t.text == "*" and prev.kind == "id" and (is_type_word(prev) or (
                        k >= 2 and toks[k - 2].text in ("struct", "union", "enum", "const"))):
                    continue
                for r in ARITH[t.text]:
                    add(t, r, "arith")
            elif t.text == "!":
                out.append(Mutant(rel, (t.start, t.end), "!", "", "neg", t.line, t.col))
        elif t.kind == "num":
            # array sizes in declarations (char buf[64]) are not behaviour
            if prev is not None and prev.text == "[" and k >= 3 and nxt is not None and nxt.text == "]" \
                    and toks[k - 2].kind == "id" and (is_type_word(toks[k - 3]) or toks[k - 3].text == "*"
                                                       or (toks[k - 3].kind == "id" and toks[k - 3].text not in KEYWORDS)):
                continue
            if re.fullmatch(r"0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*", t.text):
                for r in int_mutants(t.text):
                    add(t, r, "const")
            else:
                r = float_mutant(t.text)
                if r is not None:
                    add(t, r, "const")
        elif t.kind == "str" and in_table[k] and t.text != '""':
            add(t, '"X' + t.text[1:], "table")
        elif t.kind == "id" and t.text == "return" and not in_table[k]:
            # return EXPR; -> return 0; (EXPR not already a literal)
            j, par = k + 1, 0
            while j < len(toks) and not (toks[j].text == ";" and par == 0):
                par += toks[j].text in "([{" and toks[j].kind == "op"
                par -= toks[j].text in ")]}" and toks[j].kind == "op"
                j += 1
            if j == k + 1 or j >= len(toks):
                continue
            expr = src[toks[k + 1].start:toks[j - 1].end]
            if j == k + 2 and toks[k + 1].kind == "num":
                continue
            # gi__oom(): only reached when malloc fails, which the suites
            # cannot make happen
            if expr in ("NULL", "0", "-1", "false", "true", "GI_OK", "gi__oom()"):
                continue
            if "\n" in expr:
                expr = expr.split("\n")[0] + " ..."
            out.append(Mutant(rel, (toks[k + 1].start, toks[j - 1].end), expr, "0", "return", t.line, toks[k + 1].col))
        if t.kind == "id" and not in_table[k] and t.text not in KEYWORDS and prev is not None \
                and prev.text in (";", "{", "}") and nxt is not None and nxt.text in (
                    "(", "=", "+=", "-=", "*=", "/=", "|=", "&=", "++", "--", "->", ".", "["):
            # delete an expression statement
            j, par = k, 0
            while j < len(toks) and not (toks[j].text == ";" and par == 0):
                if toks[j].kind == "op":
                    par += toks[j].text in ("(", "[", "{")
                    par -= toks[j].text in (")", "]", "}")
                if par < 0:
                    break
                j += 1
            if j >= len(toks) or toks[j].text != ";":
                continue
            stmt = src[t.start:toks[j].end]
            if nxt.text == "(" and RELEASE_RE.search(t.text):
                continue
            if "\n" in stmt:
                first = stmt.split("\n")[0]
                shown = first + " ..."
            else:
                shown = stmt
            m = Mutant(rel, (t.start, toks[j].end), shown, ";", "delete", t.line, t.col)
            m.orig = shown
            out.append(m)
    return src, out


# ---------------------------------------------------------------- running

class Runner:
    def __init__(self, args):
        self.args = args
        self.src = os.path.abspath(args.srcdir)
        self.build = os.path.abspath(args.builddir)
        self.work = None
        self.procs = None
        self.fast = None

    def sh(self, cmd, cwd, timeout=None, env=None):
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True)
        self.procs = p
        try:
            out, _ = p.communicate(timeout=timeout)
            return p.returncode, out.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            return None, ""
        finally:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            self.procs = None

    def setup(self):
        self.work = tempfile.mkdtemp(prefix="gi-mutate-")
        dst = os.path.join(self.work, "build")
        shutil.copytree(self.build, dst, symlinks=True,
                        ignore=shutil.ignore_patterns(".git", "python-install", "*-path"))
        self.copy = dst
        # the copy's Makefile must still find the sources
        with open(os.path.join(dst, "Makefile"), encoding="utf-8") as f:
            srcdir = next((ln.split("=", 1)[1].strip() for ln in f if ln.startswith("srcdir =")), ".")
        if srcdir != "." and not os.path.isabs(srcdir):
            raise SystemExit("mutate: the build tree was configured with a relative source directory (%s); "
                             "configure it with an absolute path, or build in the source tree" % srcdir)

    def make(self):
        cflags = self.args.cflags
        rc, out = self.sh(["make", "-s", "CFLAGS=" + cflags, "tests/check_gi"], self.copy, timeout=600)
        return rc == 0, out

    def capture(self, rel):
        """Builds with rel just written and keeps the commands libtool ran
        for it (compile, archive, link check_gi), so that each mutant is
        rebuilt by running those alone rather than make and libtool."""
        rc, out = self.sh(["make", "V=1", "CFLAGS=" + self.args.cflags, "tests/check_gi"], self.copy, timeout=600)
        if rc != 0:
            return False, out
        obj = os.path.splitext(os.path.basename(rel))[0]
        cmds = {}
        for ln in out.splitlines():
            if ln.startswith("libtool: compile:") and ("-c " + rel) in ln and "/.libs/" in ln:
                cmds["compile"] = ln.split(":", 2)[2]
            elif ln.startswith("libtool: link: ar ") and "libgi-core.a" in ln:
                cmds["ar"] = ln.split(":", 2)[2]
            elif ln.startswith("libtool: link: ranlib") and "libgi-core.a" in ln:
                cmds["ranlib"] = ln.split(":", 2)[2]
            elif ln.startswith("libtool: link: ") and "-o tests/check_gi " in ln:
                cmds["link"] = ln.split(":", 2)[2]
        if len(cmds) == 4 and obj in cmds["compile"]:
            self.fast = " && ".join(cmds[k] for k in ("compile", "ar", "ranlib", "link"))
        else:
            self.fast = None
        return True, out

    def rebuild(self):
        if not self.fast:
            return self.make()
        rc, out = self.sh(["sh", "-c", self.fast], self.copy, timeout=600)
        return rc == 0, out

    def run_suites(self, suites, timeouts):
        env = dict(os.environ, GI_SRCDIR=self.src, GI_BUILDDIR=self.copy,
                   GI_BIN=os.path.join(self.build, "cli", "gi"), CK_FORK="yes")
        for s in suites:
            env["CK_RUN_SUITE"] = s
            env["CK_DEFAULT_TIMEOUT"] = str(int(timeouts[s]) + 1)
            rc, out = self.sh([os.path.join(self.copy, "tests", "check_gi")],
                              os.path.join(self.copy, "tests"), timeout=timeouts[s] * 2 + 5, env=env)
            if rc is None:
                return "timeout:" + s
            if rc != 0:
                return "killed:" + s
        return "survived"

    def write(self, rel, text):
        path = os.path.join(self.copy, rel)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        # make compares times: the source must be newer than its object
        t = time.time() + 1
        os.utime(path, (t, t))

    def cleanup(self):
        if self.work:
            shutil.rmtree(self.work, ignore_errors=True)
            self.work = None


def read_named(path):
    """Mutant names (file, line, col, orig, repl) -> reason, from a list file."""
    out = {}
    rx = re.compile(r"^(\S+?):(\d+):(\d+): '(.*?)' -> '(.*?)'\s*(?:#\s*(.*))?$")
    for ln in open(path, encoding="utf-8"):
        ln = ln.rstrip("\n")
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        m = rx.match(ln)
        if m:
            out[(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5))] = m.group(6) or ""
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--srcdir", default=os.path.dirname(here))
    ap.add_argument("--builddir", default=".")
    ap.add_argument("--file", action="append", help="libgi/x.c (repeatable; default: the six checked files)")
    ap.add_argument("--sample", type=int, help="mutants drawn per file (fixed seed)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max", type=int, help="first N mutants per file")
    ap.add_argument("--rerun", help="run only the mutants named in this file")
    ap.add_argument("--suites", help="comma-separated suites to run instead of the file's own")
    ap.add_argument("--equivalent", default=os.path.join(here, "mutation-equivalent.txt"))
    ap.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    ap.add_argument("--cflags", default="-O0 -g0", help="CFLAGS for rebuilding (default -O0 -g0: faster)")
    ap.add_argument("--log", help="append one line per mutant to this file")
    args = ap.parse_args()

    files = args.file or DEFAULT_FILES
    equivalent = read_named(args.equivalent) if os.path.exists(args.equivalent) else {}
    wanted = read_named(args.rerun) if args.rerun else None

    plan = []
    for rel in files:
        path = os.path.join(args.srcdir, rel)
        src, ms = mutants_of(path, rel)
        total = len(ms)
        keys = set(m.key() for m in ms)
        for key in equivalent:
            if key[0] == rel and key not in keys:
                print("mutate: stale equivalent mutant (no such mutant now): %s:%d:%d: '%s' -> '%s'" % key,
                      file=sys.stderr)
        if wanted is not None:
            ms = [m for m in ms if m.key() in wanted]
        if args.sample is not None and args.sample < len(ms):
            ms = sorted(random.Random("%d:%s" % (args.seed, rel)).sample(ms, args.sample),
                        key=lambda m: (m.start, m.repl))
        if args.max is not None:
            ms = ms[:args.max]
        plan.append((rel, src, ms, total))
    for (f, line, col, orig, repl), why in equivalent.items():
        if not why:
            print("mutate: %s:%d:%d: equivalent mutant without a reason" % (f, line, col), file=sys.stderr)
            return 2
    if args.list:
        for rel, src, ms, total in plan:
            print("# %s: %d mutants, %d selected" % (rel, total, len(ms)))
            for m in ms:
                print("%s [%s]" % (m.name(), m.kind))
        return 0

    r = Runner(args)

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    log = open(args.log, "a", encoding="utf-8") if args.log else None
    scores = []
    try:
        r.setup()
        ok, out = r.make()
        if not ok:
            print(out)
            print("mutate: the unmutated tree does not build", file=sys.stderr)
            return 2
        for rel, src, ms, total in plan:
            suites = args.suites.split(",") if args.suites else SUITES.get(rel, ALL_SUITES)
            # baseline: the unmutated file must pass, and its times set the limits
            r.write(rel, src)
            ok, out = r.capture(rel)
            if not ok:
                print(out)
                print("mutate: the unmutated tree does not build", file=sys.stderr)
                return 2
            timeouts = {}
            for s in suites:
                t0 = time.time()
                res = r.run_suites([s], {s: 600})
                if res != "survived":
                    print("mutate: suite %s fails without mutation (%s)" % (s, res), file=sys.stderr)
                    return 2
                timeouts[s] = max(10.0, 3 * (time.time() - t0))
            killed = survived = equiv = broken = 0
            survivors = []
            print("== %s: %d mutants, running %d (suites %s; rebuilt by %s)" % (
                rel, total, len(ms), ",".join(suites), "compile and link" if r.fast else "make"), flush=True)
            for i, m in enumerate(ms, 1):
                t0 = time.time()
                r.write(rel, src[:m.start] + m.repl + src[m.end:])
                ok, out = r.rebuild()
                if not ok:
                    res = "nocompile"
                    broken += 1
                else:
                    res = r.run_suites(suites, timeouts)
                    if res == "survived":
                        if m.key() in equivalent:
                            res = "equivalent"
                            equiv += 1
                        else:
                            survived += 1
                            survivors.append(m)
                    else:
                        killed += 1
                print("[%d/%d] %s %s (%.0f s)" % (i, len(ms), res, m.name(), time.time() - t0), flush=True)
                if log:
                    print("%s\t%s" % (res, m.name()), file=log, flush=True)
            r.write(rel, src)
            r.rebuild()
            scores.append((rel, killed, survived, equiv, broken, survivors))
    except KeyboardInterrupt:
        print("mutate: interrupted", file=sys.stderr)
        return 130
    finally:
        r.cleanup()
        if log:
            log.close()

    print("\nMutation score (killed / (killed + survived); equivalent and non-compiling mutants not counted)")
    for rel, k, s, e, b, _ in scores:
        pct = 100.0 * k / (k + s) if k + s else 100.0
        print("  %-24s %5.1f %%  killed %d, survived %d, equivalent %d, not compiling %d" % (rel, pct, k, s, e, b))
    tk = sum(x[1] for x in scores)
    ts = sum(x[2] for x in scores)
    if len(scores) > 1:
        print("  %-24s %5.1f %%  killed %d, survived %d" % ("total", 100.0 * tk / (tk + ts) if tk + ts else 100.0, tk, ts))
    surv = [m for x in scores for m in x[5]]
    if surv:
        print("\nSurvivors:")
        for m in surv:
            print(m.name())
    return 0


if __name__ == "__main__":
    sys.exit(main())
