#!/usr/bin/env python3
"""literate build / serve against Hugo on the same synthetic tutorial pages, side by side in one run.

Usage (from the repository root):

    python3 Benchmarks/site/bench.py --pages 1000 [--runs 3] [--edits 5] [--hugo-nav] [--literate PATH]
        [--baseline PATH]

It generates N pages (front matter, eight paragraphs of prose, two display equations, three `{swift}`
blocks computing with the Softmax library, a list) under .build/bench-site/ (ignored by git), once as
literate content and once as a Hugo site (the `{swift}` blocks as plain code, highlighting off, a minimal
layout: title and content; with --hugo-nav, also literate's navigation list of every page), then measures:

- cold build: no cache, no output (literate: `build`; Hugo: `hugo` with its resources removed);
- nothing changed: literate `build` again, with its cache (Hugo has no such mode; shown for reference);
- one-page edit: edit → the rebuilt page on disk, with `literate serve` and `hugo server --renderToDisk`;
- peak memory of each cold build (/usr/bin/time -v, maximum resident set size).

With --baseline, another literate binary (an earlier commit's release build) also builds the same pages
in every round, alternating with --literate, and a second table gives the ratios of the two: a change's
cost measured side by side, not against a figure from another day.

Times are medians over --runs runs; edit latencies are medians over --edits edits. Needs `hugo`
(Debian: apt-get install hugo) and a release build of literate (`swift build -c release`).
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

TRASH = None  # set in main(): where set_aside() moves old outputs
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

WORDS = (
    "softmax turns a vector of real scores into a probability distribution whose entries are positive and "
    "sum to one the exponential keeps the order of the logits while stretching their differences a larger "
    "temperature flattens the distribution and a smaller one sharpens it toward the largest logit cross "
    "entropy compares the predicted distribution with a target and its gradient is simply the difference "
    "between the two which is why the pair is so common in classifiers"
).split()


def prose(seed, words=70):
    out = []
    for i in range(words):
        out.append(WORDS[(seed * 7 + i * 3) % len(WORDS)])
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def page(number, swift_marker):
    shift = (number % 10) / 10
    paragraphs = [prose(number + k) for k in range(8)]
    blocks = [
        f"""```{swift_marker}
let z = [1.0, 2.0 + {shift}, 0.5, -1.0]
softmax(z)
```""",
        f"""```{swift_marker}
let p = try softmax(z, temperature: 2.0)
logSumExp(z)
p.reduce(0, +)
```""",
        f"""```{swift_marker}
let target = 1
try crossEntropy(logits: z, target: target)
try crossEntropyGradient(logits: z, target: target)
```""",
    ]
    return f"""---
title: "Lesson {number}: softmax at shift {shift}"
order: {number}
---

{paragraphs[0]}

{paragraphs[1]}

$$p_i = \\frac{{e^{{z_i}}}}{{\\sum_{{j=1}}^n e^{{z_j}}}} \\tag{{1}}$$

{paragraphs[2]}

{blocks[0]}

{paragraphs[3]}

- the largest logit keeps the largest probability
- adding a constant to every logit changes nothing
- the outputs sum to one

{paragraphs[4]}

$$\\frac{{\\partial p_i}}{{\\partial z_j}} = p_i (\\delta_{{ij}} - p_j) \\tag{{2}}$$

{paragraphs[5]}

{blocks[1]}

{paragraphs[6]}

{blocks[2]}

{paragraphs[7]}
"""


HUGO_CONFIG = """baseURL = "http://127.0.0.1/"
title = "Synthetic tutorial"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.highlight]
  codeFences = false
[markup.goldmark.renderer]
  unsafe = true
"""

HUGO_MINIMAL_LAYOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="/assets/style.css"></head>
<body><header><a href="/">{{ .Site.Title }}</a></header>
<main><article><h1>{{ .Title }}</h1>
{{ .Content }}
</article></main></body></html>
"""

HUGO_LAYOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="/assets/style.css"></head>
<body><header><a href="/">{{ .Site.Title }}</a></header>
<nav><ul>
{{ $current := . }}{{ range .Site.RegularPages.ByWeight }}<li><a href="{{ .RelPermalink }}"{{ if eq . $current }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}</ul></nav>
<main><article><h1>{{ .Title }}</h1>
{{ .Content }}
</article></main></body></html>
"""


def set_aside(path):
    """Moves `path` into the trash folder beside the work folder instead of deleting it.

    The benchmark never deletes files. On ext4 without a journal (as on this machine's disk) the kernel
    skips inodes freed in the last 60 seconds, or 360 seconds while their inode table block is dirty (which
    a build creating files keeps it), when it allocates new ones; creating a file then costs about 1 ms
    instead of about 0.15 ms. A `rm -rf` before a timed build would time the filesystem, not the tool (a
    fresh clone has nothing recently deleted). Both tools get the same treatment. Remove the trash when
    done benchmarking, not just before a run.
    """
    if os.path.exists(path):
        os.makedirs(TRASH, exist_ok=True)
        os.rename(path, os.path.join(TRASH, f"{os.path.basename(path)}-{time.monotonic_ns()}"))


def generate(base, count, navigation=False):
    lit = os.path.join(base, "literate")
    hugo = os.path.join(base, "hugo")
    set_aside(base)
    os.makedirs(os.path.join(lit, "Content"))
    shutil.copytree(os.path.join(ROOT, "Templates"), os.path.join(lit, "Templates"))
    os.makedirs(os.path.join(hugo, "content"))
    os.makedirs(os.path.join(hugo, "layouts", "_default"))
    with open(os.path.join(hugo, "config.toml"), "w") as f:
        f.write(HUGO_CONFIG)
    for name in ("single.html", "list.html"):
        with open(os.path.join(hugo, "layouts", "_default", name), "w") as f:
            f.write(HUGO_LAYOUT if navigation else HUGO_MINIMAL_LAYOUT)
    index = "---\ntitle: Synthetic tutorial\n---\n\nGenerated lessons on softmax.\n"
    with open(os.path.join(lit, "Content", "index.md"), "w") as f:
        f.write(index)
    with open(os.path.join(hugo, "content", "_index.md"), "w") as f:
        f.write(index)
    for n in range(1, count + 1):
        name = f"lesson-{n:05d}.md"
        with open(os.path.join(lit, "Content", name), "w") as f:
            f.write(page(n, "{swift}"))
        with open(os.path.join(hugo, "content", name), "w") as f:
            f.write(page(n, "swift").replace(f"order: {n}", f"weight: {n}"))
    return lit, hugo


def timed(command, cwd):
    """Runs `command` under /usr/bin/time -v; returns (wall seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-v"] + command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-3000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    return elapsed, peak


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(path, marker, timeout):
    """Polls `path` every 0.5 ms until it contains `marker`; returns the time it first did."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with open(path, "rb") as f:
                if marker in f.read():
                    return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.0005)
    return None


def edit_latency(server, cwd, source, output_page, edits, page_number, swift_marker, url):
    """Starts `server`, waits for its first build, opens the page once (as a browser would: Hugo's fast
    render mode re-renders only visited pages), then edits it `edits` times; median seconds."""
    process = subprocess.Popen(server, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if wait_for(output_page, b"Lesson", 300) is None:
            sys.exit(f"server did not build: {' '.join(server)}")
        time.sleep(1.5)  # let the server settle (watchers registered, first build fully written)
        urllib.request.urlopen(url, timeout=30).read()
        latencies = []
        original = page(page_number, swift_marker)
        if swift_marker == "swift":
            original = original.replace(f"order: {page_number}", f"weight: {page_number}")
        for i in range(edits):
            marker = f"edited-marker-{i}-{time.time_ns()}"
            start = time.perf_counter()
            with open(source, "w") as f:
                f.write(original + f"\n{marker}\n")
            done = wait_for(output_page, marker.encode(), 120)
            if done is None:
                sys.exit(f"edit {i} never reached {output_page}")
            latencies.append(done - start)
            time.sleep(0.5)
        return statistics.median(latencies)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--literate", default=os.path.join(ROOT, ".build", "release", "literate"))
    parser.add_argument(
        "--hugo-nav", action="store_true",
        help="give Hugo's layout literate's navigation list of every page (default: title and content only)",
    )
    parser.add_argument("--work", default=os.path.join(ROOT, ".build", "bench-site"))
    parser.add_argument("--baseline", help="a second literate binary to compare with, in the same rounds")
    args = parser.parse_args()
    literate = os.path.abspath(args.literate)
    if not os.path.exists(literate):
        sys.exit(f"no literate binary at {literate}; run: swift build -c release --product literate")
    if shutil.which("hugo") is None:
        sys.exit("hugo not found; run: apt-get install hugo")
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()

    global TRASH
    TRASH = os.path.join(os.path.dirname(os.path.abspath(args.work)), "bench-site-trash")
    lit, hugo = generate(args.work, args.pages, args.hugo_nav)
    lit_build = [literate, "build", "--cache", "cache", "--output", "_site"]
    hugo_build = ["hugo", "--quiet", "-d", "public"]

    baseline = os.path.abspath(args.baseline) if args.baseline else None
    if baseline and not os.path.exists(baseline):
        sys.exit(f"no literate binary at {baseline}")
    base_build = [baseline] + lit_build[1:] if baseline else None

    def literate_round(build):
        """A cold build (no cache, no output), then the same build again: seconds, peak MiB, seconds."""
        set_aside(os.path.join(lit, "_site"))
        set_aside(os.path.join(lit, "cache"))
        seconds, peak = timed(build, lit)
        return seconds, peak, timed(build, lit)[0]

    cold, cold_memory, warm, hugo_cold, hugo_memory, hugo_warm = [], [], [], [], [], []
    base_cold, base_memory, base_warm = [], [], []
    for round_number in range(args.runs):
        # Alternate which binary goes first, so neither always meets a warmer page cache.
        order = [(lit_build, (cold, cold_memory, warm)), (base_build, (base_cold, base_memory, base_warm))]
        if round_number % 2:
            order.reverse()
        for build, (times, memory, again) in order:
            if build is None:
                continue
            seconds, peak, repeat = literate_round(build)
            times.append(seconds)
            memory.append(peak)
            again.append(repeat)
        set_aside(os.path.join(hugo, "public"))
        set_aside(os.path.join(hugo, "resources"))
        seconds, peak = timed(hugo_build, hugo)
        hugo_cold.append(seconds)
        hugo_memory.append(peak)
        hugo_warm.append(timed(hugo_build, hugo)[0])

    edited = max(1, args.pages // 2)
    name = f"lesson-{edited:05d}"
    port = free_port()
    lit_edit = edit_latency(
        [literate, "serve", "--port", str(port), "--cache", "cache", "--output", "_site"],
        lit, os.path.join(lit, "Content", name + ".md"), os.path.join(lit, "_site", name + ".html"),
        args.edits, edited, "{swift}", f"http://127.0.0.1:{port}/{name}.html",
    )
    port = free_port()
    hugo_edit = edit_latency(
        ["hugo", "server", "--renderToDisk", "-d", "public-serve", "--bind", "127.0.0.1", "--port", str(port),
         "--disableLiveReload", "--quiet"],
        hugo, os.path.join(hugo, "content", name + ".md"), os.path.join(hugo, "public-serve", name, "index.html"),
        args.edits, edited, "swift", f"http://127.0.0.1:{port}/{name}/",
    )

    med = statistics.median
    rows = [
        ("cold build", med(cold), med(hugo_cold), "ours ≤ Hugo"),
        ("nothing changed", med(warm), med(hugo_warm), f"ours ≤ 0.2 × our cold ({0.2 * med(cold):.3f} s)"),
        ("one-page edit → page on disk (serve)", lit_edit, hugo_edit, "ours ≤ 0.100 s"),
        ("peak memory, cold (MiB)", med(cold_memory), med(hugo_memory), "ours ≤ Hugo"),
    ]
    print(f"{args.pages} pages, {os.cpu_count()} cores; {hugo_version}")
    nav = " --hugo-nav" if args.hugo_nav else ""
    print(f"command: python3 Benchmarks/site/bench.py --pages {args.pages} --runs {args.runs} --edits {args.edits}{nav}")
    print("hugo layout: " + ("with every page in its navigation, as literate's" if args.hugo_nav else "title and content"))
    print()
    print(f"| case | literate | hugo | ratio literate/hugo | target |")
    print(f"|---|---|---|---|---|")
    for label, ours, theirs, target in rows:
        unit = "" if "memory" in label else " s"
        fmt = "{:.0f}" if "memory" in label else "{:.3f}"
        print(f"| {label} | {fmt.format(ours)}{unit} | {fmt.format(theirs)}{unit} | {ours / theirs:.2f} | {target} |")
    print()
    print(f"nothing changed / cold (literate): {med(warm) / med(cold):.3f}")
    if baseline:
        print()
        print(f"against the baseline {baseline} (same rounds, alternating order; medians of {args.runs}):")
        print()
        print("| case | literate | baseline | ratio literate/baseline |")
        print("|---|---|---|---|")
        for label, ours, theirs in [
            ("cold build (s)", med(cold), med(base_cold)),
            ("nothing changed (s)", med(warm), med(base_warm)),
            ("peak memory, cold (MiB)", med(cold_memory), med(base_memory)),
        ]:
            print(f"| {label} | {ours:.3f} | {theirs:.3f} | {ours / theirs:.3f} |")
    print(f"old outputs were moved to {TRASH}; remove it when done benchmarking (see set_aside)", file=sys.stderr)


if __name__ == "__main__":
    main()
