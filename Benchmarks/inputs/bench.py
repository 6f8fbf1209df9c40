#!/usr/bin/env python3
"""Hostile inputs against the parsers: time at growing sizes, and the slope per doubling.

Usage (from the repository root, after `swift build --product literate && swift build --product LiteratePage`):

    python3 Benchmarks/inputs/bench.py                    # every case at its default sizes
    python3 Benchmarks/inputs/bench.py math-paragraph     # some cases
    python3 Benchmarks/inputs/bench.py --sizes 1000,2000,4000,8000 math-paragraph
    python3 Benchmarks/inputs/bench.py --list             # the cases and what they generate

Each case generates one input of size n (a page under .build/bench-inputs/, or code for `literate eval`), runs
`literate check --content DIR` (or `literate eval -`) on it with a time limit (--timeout, default 60 s) and a
4 GiB address-space limit, and prints for each size the wall-clock time, the time `check` reports for its own
work (without printing the diagnostics), the exit status and the number of diagnostics. The slope column is
time(n) / time(n/2): about 2 when the time is linear in n, 4 when it is quadratic. A run that hits the time
limit, or dies (a crash is a negative status: -11 is SIGSEGV), is marked as such.

Sizes are chosen so that the largest takes a few seconds when the work is linear; the "before" figures in
the README of this folder were measured with the same command on the version before the fixes.
"""

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def page(body, front=None):
    return ("---\n" + front + "---\n" if front is not None else "") + body


def alias_bomb(n):
    # Each line refers nine times to the previous anchor: n lines stand for 9^n scalars.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, n):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def merge_bomb(n):
    # Each mapping merges the previous one twice: n lines stand for 2^n keys once merges are applied.
    lines = ["m0: &m0 {k0: 1, k1: 2}"]
    for i in range(1, n):
        lines.append(f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], x{i}: 1}}")
    return "\n".join(lines) + "\n"


def swift_block(code):
    return "```{swift}\n" + code + "\n```\n"


# name: (what it is, kind, default sizes, generator). kind "page" gives (page text, site.yml or None);
# kind "eval" gives the code for `literate eval -`.
CASES = {
    "yaml-alias": (
        "front matter: an alias bomb of n lines (9^n scalars when expanded)",
        "page", [3, 4, 5, 6, 7],
        lambda n: (page("hi\n", "title: t\nx:\n" + "".join("  " + l + "\n" for l in alias_bomb(n).splitlines())), None),
    ),
    "yaml-merge": (
        "front matter: a merge-key bomb of n lines (2^n keys when merged)",
        "page", [10, 20, 40, 80],
        lambda n: (page("hi\n", "title: t\nx:\n" + "".join("  " + l + "\n" for l in merge_bomb(n).splitlines())), None),
    ),
    "site-alias": (
        "site.yml: an alias bomb of n lines",
        "page", [3, 4, 5, 6, 7],
        lambda n: (page("hi\n"), "title: t\nx:\n" + "".join("  " + l + "\n" for l in alias_bomb(n).splitlines())),
    ),
    "yaml-alias-key": (
        "front matter: an alias bomb of n lines used as a mapping key",
        "page", [3, 4, 5, 6],
        lambda n: (page("hi\n", "x:\n" + "".join("  " + l + "\n" for l in alias_bomb(n).splitlines())
                        + f"y: {{? *a{n - 1} : 1, ? *a{n - 2} : 2}}\n"), None),
    ),
    "yaml-nesting": (
        "front matter: a flow sequence nested n deep",
        "page", [250, 500, 1000, 2000],
        lambda n: (page("hi\n", "x: " + "[" * n + "]" * n + "\n"), None),
    ),
    "front-matter-keys": (
        "front matter: n unknown keys",
        "page", [2000, 4000, 8000, 16000],
        lambda n: (page("hi\n", "".join(f"key{i}: {i}\n" for i in range(n))), None),
    ),
    "site-keys": (
        "site.yml: n unknown keys",
        "page", [2000, 4000, 8000, 16000],
        lambda n: (page("hi\n"), "".join(f"key{i}: x\n" for i in range(n))),
    ),
    "math-paragraph": (
        "n `$x_{i}$` in one paragraph, on one line",
        "page", [2000, 4000, 8000, 16000],
        lambda n: (page(" ".join(["$x_{i}$"] * n) + "\n"), None),
    ),
    "math-paragraph-lines": (
        "n `$x_{i}$` in one paragraph, one per line",
        "page", [2000, 4000, 8000, 16000],
        lambda n: (page("\n".join(["$x_{i}$"] * n) + "\n"), None),
    ),
    "math-paragraphs": (
        "n `$x_{i}$`, one paragraph each (the linear reference)",
        "page", [2000, 4000, 8000, 16000],
        lambda n: (page("\n\n".join(["$x_{i}$"] * n) + "\n"), None),
    ),
    "dollars": (
        "n `$` signs in one line (display math holding `$`: an error every five signs)",
        "page", [1000, 2000, 4000, 8000],
        lambda n: (page("$" * n + "\n"), None),
    ),
    "dollars-spaced": (
        "n `$ ` in one line (no math at all)",
        "page", [4000, 8000, 16000, 32000],
        lambda n: (page("a " + "$ " * n + "\n"), None),
    ),
    "text-dollars": (
        "n `$\\text{a$ ` in one line: an unclosed \\text{ inside inline math, each time",
        "page", [1000, 2000, 4000, 8000],
        lambda n: (page("$\\text{a$ " * n + "\n"), None),
    ),
    "backtick-runs": (
        "backtick runs of lengths 1 … n in one paragraph, none closed (n²/2 bytes)",
        "page", [200, 400, 800, 1600],
        lambda n: (page(" ".join("`" * k for k in range(1, n + 1)) + "\n"), None),
    ),
    "math-errors": (
        "one display equation with n misplaced `&`",
        "page", [2000, 4000, 8000, 16000],
        lambda n: (page("$$" + "a&" * n + "$$\n"), None),
    ),
    "math-braces": (
        "one display equation with braces nested n deep",
        "page", [10000, 20000, 40000, 80000],
        lambda n: (page("$$" + "{" * n + "x" + "}" * n + "$$\n"), None),
    ),
    "math-frac": (
        "\\frac nested n deep",
        "page", [2000, 4000, 8000, 16000],
        lambda n: (page("$$" + "\\frac{" * n + "x" + "}{y}" * n + "$$\n"), None),
    ),
    "math-left": (
        "\\left( nested n deep",
        "page", [2000, 4000, 8000, 16000],
        lambda n: (page("$$" + "\\left(" * n + "x" + "\\right)" * n + "$$\n"), None),
    ),
    "links": (
        "links nested n deep, with math in each",
        "page", [1000, 2000, 4000, 8000],
        lambda n: (page("[a $x$ " * n + "](u)" * n + "\n"), None),
    ),
    "images": (
        "images nested n deep, with math in each",
        "page", [1000, 2000, 4000, 8000],
        lambda n: (page("![a $x$ " * n + "](u)" * n + "\n"), None),
    ),
    "emphasis": (
        "a heading with n `*` on each side of math (emphasis nested n/2 deep)",
        "page", [10000, 20000, 40000, 80000],
        lambda n: (page("# " + "*" * n + "a $x$" + "*" * n + "\n"), None),
    ),
    "block-quotes": (
        "block quotes nested n deep, with math",
        "page", [10000, 20000, 40000, 80000],
        lambda n: (page(">" * n + " a $x$\n"), None),
    ),
    "lists": (
        "list items nested n deep, with math",
        "page", [10000, 20000, 40000, 80000],
        lambda n: (page("- " * n + "a $x$\n"), None),
    ),
    "stated-nesting": (
        "`1 // → [[[…]]]`: a stated value nested n deep",
        "eval", [1000, 5000, 20000, 80000],
        lambda n: "1\n// → " + "[" * n + "1" + "]" * n + "\n",
    ),
    "stated-continuations": (
        "`1` then n lines `// → [`: a stated value whose brackets never close, continued line after line",
        "eval", [1000, 2000, 4000, 8000],
        lambda n: "1\n" + "// → [\n" * n,
    ),
    "brackets": (
        "code with square brackets nested n deep",
        "eval", [16, 20, 24, 1000],
        lambda n: "[" * n + "1" + "]" * n + "\n",
    ),
    "brackets-interpolation": (
        "square brackets nested n deep inside a string interpolation",
        "eval", [16, 20, 24, 1000],
        lambda n: '"\\(' + "[" * n + "1" + "]" * n + ')"\n',
    ),
    "brackets-member-chain": (
        "`[[[[[[a.a.a…a]]]]]]`: six brackets around a member chain of n names",
        "eval", [250, 500, 1000, 2000],
        lambda n: "[" * 6 + "a." * n + "a" + "]" * 6 + "\n",
    ),
    "brackets-parentheses": (
        "twelve brackets around n parentheses",
        "eval", [25, 50, 100, 200],
        lambda n: "[" * 12 + "(" * n + "1" + ")" * n + "]" * 12 + "\n",
    ),
    "generics": (
        "`a<a<a<…>>>()`: generic arguments nested n deep",
        "eval", [100, 200, 400, 800],
        lambda n: "a<" * n + "a" + ">" * n + "()\n",
    ),
    "brackets-in-strings": (
        "n brackets inside a multi-line string and a block comment (must not be refused)",
        "eval", [100, 1000, 10000, 100000],
        lambda n: '/* ' + "[" * n + ' */\nlet s = """\n' + "[" * n + '\n"""\ns.count\n',
    ),
}


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run(case, n, literate, work, timeout):
    _, kind, _, generate = CASES[case]
    if kind == "page":
        text, site = generate(n)
        folder = os.path.join(work, f"{case}-{n}")
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        with open(os.path.join(folder, "index.md"), "w") as f:
            f.write(text)
        if site is not None:
            with open(os.path.join(folder, "site.yml"), "w") as f:
                f.write(site)
        command = [literate, "check", "--content", folder, "--cache", os.path.join(work, "cache")]
        stdin = None
    else:
        command = [literate, "eval", "-"]
        stdin = generate(n).encode()
    start = time.monotonic()
    try:
        process = subprocess.run(
            command, input=stdin, capture_output=True, timeout=timeout, preexec_fn=limit_memory)
        elapsed = time.monotonic() - start
        status = process.returncode
        err = process.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return timeout, None, "timeout", None
    internal = None
    match = re.search(r"\((\d+(?:\.\d+)?) (ms|s)\)\s*$", err)
    if match:
        internal = float(match.group(1)) / (1000 if match.group(2) == "ms" else 1)
    diagnostics = len(re.findall(r"^\S.*?:\d+:\d+: error:", err, re.M))
    return elapsed, internal, status, diagnostics


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--sizes", help="comma-separated sizes (default: each case's own)")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--literate", default=os.path.join(ROOT, ".build/debug/literate"))
    parser.add_argument("--work", default=os.path.join(ROOT, ".build/bench-inputs"))
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        for name, (what, kind, sizes, _) in CASES.items():
            print(f"{name:24} {kind:5} {','.join(map(str, sizes)):22} {what}")
        return
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(unknown)}; see --list")
    os.makedirs(args.work, exist_ok=True)
    print(f"{'case':24} {'n':>7} {'wall s':>8} {'slope':>6} {'check s':>8} {'slope':>6} {'status':>7} {'errors':>6}")
    for case in args.cases or list(CASES):
        sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else CASES[case][2]
        previous = None
        for n in sizes:
            wall, internal, status, diagnostics = run(case, n, args.literate, args.work, args.timeout)
            slope = internal_slope = ""
            if previous and status != "timeout" and previous[0]:
                slope = f"{wall / previous[0]:.2f}"
                if internal is not None and previous[1]:
                    internal_slope = f"{internal / previous[1]:.2f}"
            shown = "-" if internal is None else f"{internal:.3f}"
            print(f"{case:24} {n:>7} {wall:>8.3f} {slope:>6} {shown:>8} {internal_slope:>6} {status!s:>7} "
                  f"{'' if diagnostics is None else diagnostics:>6}", flush=True)
            previous = (wall, internal)
            if status == "timeout":
                break


if __name__ == "__main__":
    main()
