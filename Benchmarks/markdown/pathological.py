#!/usr/bin/env python3
"""Growth of parse + render time on adversarial inputs, cmark 0.30.2 against cmark-gfm 0.29.0.gfm.6.

    python3 pathological.py [--sizes 2000,8000,32000]

For each input family, the time at n and at 4n (best of 3) and their ratio: about 4 is linear,
about 16 quadratic. Debian's cmark-gfm 0.29.0.gfm.6 predates the 2023 fixes for polynomial-time
inputs (0.29.0.gfm.7, .10, .12); these probes are our own and make no claim to reproduce those
reports, only to show the growth on the families most likely to matter.
"""

import argparse
import resource
import subprocess
import sys
import time

import libs

U, FN = libs.OPT_UNSAFE, libs.OPT_FOOTNOTES
MEMORY_LIMIT = 4 << 30  # each measurement runs in a child process limited to 4 GiB of address space

FAMILIES = {
    # m = n/10 header columns, m one-cell rows: GFM pads every row to the header's width (m*m cells).
    "table: n/10 columns x n/10 short rows": lambda n: (
        lambda m: "|" + "a|" * m + "\n|" + "-|" * m + "\n" + "x\n" * m)(n // 10),
    "table: 2 columns, n rows": lambda n: "|a|b|\n|-|-|\n" + "|x|y|\n" * n,
    "table: one row of 4n cells": lambda n: "|a|\n|-|\n" + "|x" * (4 * n) + "\n",
    "nested brackets [[[..]]]": lambda n: "[" * n + "a" + "]" * n,
    "image openers ![[]()": lambda n: "![[]()" * n,
    "emphasis *a **a": lambda n: "*a **a " * n,
    "underscores _a __a": lambda n: "_a __a " * n,
    "strikethrough ~~a ~a": lambda n: "~~a ~a " * n,
    "autolink www. runs": lambda n: "www." * n,
    "autolink a@b. runs": lambda n: "a@b." * n,
    "autolink in emphasis _www.a.b": lambda n: "_www.a.b " * n,
    "footnote references [^a]": lambda n: "[^a]" * n + "\n\n[^a]: x\n",
    "n footnote definitions": lambda n: "".join(f"[^{i}]" for i in range(n)) + "\n\n"
    + "".join(f"[^{i}]: x\n" for i in range(n)),
    "nested blockquote/list > - ": lambda n: "> - " * (n // 10) + "a\n",
    "link reference definitions": lambda n: "".join(f"[{i}]: /u\n" for i in range(n)) + "[1]\n",
}


def child(family, runner, n):
    """Time (best of 3) and peak memory of one measurement, in this (child) process."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    text = FAMILIES[family](n).encode()
    if runner == "cmark":
        cm = libs.Cmark()
        f = lambda: cm.html(text, U)
    else:
        gfm = libs.CmarkGFM()
        f = lambda: gfm.html(text, U | FN, libs.GFM_EXTENSIONS)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    print(min(times), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, len(text))


def measure(family, runner, n):
    r = subprocess.run([sys.executable, __file__, "--child", family, runner, str(n)], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    t, mb, size = r.stdout.split()
    return float(t), int(mb), int(size)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2500,10000", help="n and 4n")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child[0], args.child[1], int(args.child[2]))
    n1, n2 = (int(x) for x in args.sizes.split(","))
    runners = ["cmark", "gfm"]
    print(f"n = {n1} and {n2}; seconds (best of 3) and peak RSS at {n2}; ratio t({n2})/t({n1}); "
          "gfm = cmark-gfm with all extensions and footnotes")
    print(f"| input | bytes at {n2} | " + " | ".join(f"{r} t | {r} ratio | {r} MB" for r in runners) + " |")
    print("|---|---:|" + "---:|---:|---:|" * len(runners))
    for name in FAMILIES:
        cells, size = [], 0
        for r in runners:
            a, b = measure(name, r, n1), measure(name, r, n2)
            if a is None or b is None:
                cells += ["failed (4 GiB limit)", "", ""]
                continue
            size = b[2]
            cells += [f"{b[0]:.3f}", f"{b[0] / a[0]:.1f}", str(b[1])]
        print(f"| {name} | {size} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
