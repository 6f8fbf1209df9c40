#!/usr/bin/env python3
"""What the all-or-nothing output costs: a one-page edit written in place against a whole new folder.

Usage (from the repository root): python3 Benchmarks/site/swap_cost.py [--pages 100 1000 5000] [--runs 9]
    [--literate .build/debug/literate]

Part 1 times the file-system work of the two ways of publishing a one-page edit of an N-page site, in
one run, alternating, median of --runs:

- in place (what `literate build` did until it became all-or-nothing): write the changed page to a
  temporary beside it and rename it over the old one;
- whole folder (what it does now): make a fresh folder, hard-link the N-1 unchanged pages and the marker
  into it, write the changed page, swap the two folders with renameat2(RENAME_EXCHANGE), remove the old
  one.

Part 2 times the real thing, when the binary is there: `literate build` of an N-page prose site after a
one-page edit (with its cache), median of --runs, next to a cold build.

Everything happens in a fresh folder under the system's temporary folder, removed at the end.
"""

import argparse
import ctypes
import os
import shutil
import statistics
import subprocess
import tempfile
import time

libc = ctypes.CDLL(None, use_errno=True)
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def exchange(a, b):
    if libc.renameat2(AT_FDCWD, a.encode(), AT_FDCWD, b.encode(), RENAME_EXCHANGE) != 0:
        raise OSError(ctypes.get_errno(), "renameat2")


def make_site(folder, pages, size=20_000):
    os.makedirs(folder)
    page = b"<p>" + b"x" * size + b"</p>\n"
    for number in range(pages):
        with open(os.path.join(folder, f"page-{number:05}.html"), "wb") as f:
            f.write(page)
    open(os.path.join(folder, ".literate-site"), "wb").close()


def in_place(site, edited):
    temporary = os.path.join(site, "." + edited + ".new")
    with open(temporary, "wb") as f:
        f.write(b"<p>edited</p>\n")
    os.rename(temporary, os.path.join(site, edited))


def whole_folder(site, edited):
    parent, name = os.path.split(site)
    fresh = os.path.join(parent, "." + name + ".new")
    os.mkdir(fresh)
    for entry in os.listdir(site):
        if entry != edited:
            os.link(os.path.join(site, entry), os.path.join(fresh, entry))
    with open(os.path.join(fresh, edited), "wb") as f:
        f.write(b"<p>edited</p>\n")
    exchange(fresh, site)
    shutil.rmtree(fresh)


def timed(action, *arguments):
    start = time.perf_counter()
    action(*arguments)
    return time.perf_counter() - start


def prose_site(folder, pages):
    content = os.path.join(folder, "Content")
    os.makedirs(content)
    shutil.copytree(os.path.join(os.getcwd(), "Templates"), os.path.join(folder, "Templates"))
    for number in range(pages):
        with open(os.path.join(content, f"page-{number:05}.md"), "w") as f:
            f.write(f"---\ntitle: Page {number}\n---\n\n" + f"Paragraph of page {number}.\n\n" * 20)


def build(binary, folder, *flags):
    start = time.perf_counter()
    subprocess.run([binary, "build", *flags], cwd=folder, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--literate", default=".build/debug/literate")
    options = parser.parse_args()
    options.literate = os.path.abspath(options.literate)
    root = tempfile.mkdtemp(prefix="literate-swap-")
    try:
        print("file-system work of a one-page edit (median ms)")
        print(f"{'pages':>6} {'in place':>9} {'whole folder':>13} {'ratio':>6}")
        for pages in options.pages:
            site = os.path.join(root, f"site-{pages}", "_site")
            make_site(site, pages)
            a, b = [], []
            for run in range(options.runs):
                edited = f"page-{run % pages:05}.html"
                a.append(timed(in_place, site, edited))
                b.append(timed(whole_folder, site, edited))
            ma, mb = statistics.median(a) * 1e3, statistics.median(b) * 1e3
            print(f"{pages:>6} {ma:>9.2f} {mb:>13.2f} {mb / ma:>5.0f}x")
        if not os.access(options.literate, os.X_OK):
            return
        print(f"\n`{options.literate} build` of a prose site (median s)")
        print(f"{'pages':>6} {'cold':>7} {'one-page edit':>14}")
        for pages in options.pages:
            folder = os.path.join(root, f"prose-{pages}")
            prose_site(folder, pages)
            cold = build(options.literate, folder, "--no-cache")
            build(options.literate, folder)
            edits = []
            for run in range(options.runs):
                path = os.path.join(folder, "Content", f"page-{run % pages:05}.md")
                with open(path, "a") as f:
                    f.write(f"\nAn edit, {run}.\n")
                edits.append(build(options.literate, folder))
            print(f"{pages:>6} {cold:>7.2f} {statistics.median(edits):>14.3f}")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
