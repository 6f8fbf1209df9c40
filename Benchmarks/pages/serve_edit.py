#!/usr/bin/env python3
"""Edit → page on disk with `literate serve`, for a prose edit and for a code edit, on computed pages,
against Jupyter Book rebuilding the same book after the same edits.

Usage (from the repository root, after `swift build -c release --product literate --product LiteratePage`):

    python3 Benchmarks/pages/serve_edit.py [--pages 50] [--edits 7] [--literate PATH] [--venv PATH] [--no-jupyter]

Generates the pages of bench.py (five computed blocks each), starts `literate serve` on them, waits for
its first build, then edits one page `--edits` times each way and reports the median time from the write
to the rebuilt page containing the edit:

- prose edit: a paragraph added (the page's program is unchanged, so nothing is compiled);
- code edit: a number in the first block changed (the page's program is compiled and run again), waiting
  for the new computed value to appear.

Jupyter Book 1.x has no server: its figure is `jupyter-book build` after the same edits to its copy of the
page, which Sphinx rebuilds incrementally (re-executing that notebook: `execute_notebooks: force`), timed
from the write to the command's end. Everything is written under one fresh folder in .build/, removed at
the end; nothing else is deleted.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the page generator)

ROOT = bench.ROOT


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(path, needle, timeout):
    """The time at which `path` first contains `needle`, polling every millisecond; None on timeout."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with open(path, "rb") as f:
                if needle in f.read():
                    return time.perf_counter()
        except FileNotFoundError:
            pass
        time.sleep(0.001)
    return None


def jupyter_edits(work, args):
    """The same edits to the Jupyter Book copy of lesson 1, each followed by an incremental build; the
    build is cold once first. Returns (prose seconds, code seconds)."""
    jb, env, _ = bench.jupyter_setup(args.venv)
    book = os.path.join(work, "book")
    bench.write(os.path.join(book, "intro.md"), bench.INDEX)
    bench.write(os.path.join(book, "_config.yml"), bench.JB_CONFIG)
    toc = ["format: jb-book", "root: intro", "chapters:"] + [f"- file: {bench.lesson(i)}" for i in range(1, args.pages + 1)]
    bench.write(os.path.join(book, "_toc.yml"), "\n".join(toc) + "\n")
    for index in range(1, args.pages + 1):
        bench.write(os.path.join(book, bench.lesson(index) + ".md"), bench.jupyter_page(index))
    output = os.path.join(work, "book-out")
    command = [jb, "build", book, "--path-output", output, "--builder", "html"]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    source = os.path.join(book, bench.lesson(1) + ".md")
    original = bench.jupyter_page(1)
    prose, code = [], []
    for i in range(args.edits):
        for times, text in ((prose, original + f"\nprose-edit-{i}\n"),
                            (code, original.replace("z = np.array([1.0,", f"z = np.array([{1.0 + 0.001 * (i + 1)!r},", 1))):
            start = time.perf_counter()
            bench.write(source, text)
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    return prose, code


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--literate", default=os.path.join(ROOT, ".build", "release", "literate"))
    parser.add_argument("--venv", default=bench.DEFAULT_VENV, help="virtualenv holding jupyter-book")
    parser.add_argument("--no-jupyter", action="store_true", help="measure literate only")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="bench-serve-", dir=os.path.join(ROOT, ".build"))
    process = None
    try:
        content = os.path.join(work, "Content")
        os.makedirs(content)
        for index in range(1, args.pages + 1):
            bench.write(os.path.join(content, f"lesson-{index:03d}.md"), bench.literate_page(index))
        bench.write(os.path.join(content, "index.md"), "---\ntitle: Lessons\n---\n\n# Lessons\n")
        name = "lesson-001"
        source = os.path.join(content, name + ".md")
        output = os.path.join(work, "_site", name + ".html")
        original = bench.literate_page(1)
        port = free_port()
        process = subprocess.Popen(
            [args.literate, "serve", "--content", content, "--templates", os.path.join(ROOT, "Templates"),
             "--output", os.path.join(work, "_site"), "--cache", os.path.join(work, "cache"), "--port", str(port)],
            cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if wait_for(output, b"Lesson 1", 600) is None:
            sys.exit("literate serve did not build")
        time.sleep(1.5)

        prose, code = [], []
        for i in range(args.edits):
            marker = f"prose-edit-{i}-{time.time_ns()}"
            start = time.perf_counter()
            bench.write(source, original + f"\n{marker}\n")
            done = wait_for(output, marker.encode(), 60)
            if done is None:
                sys.exit(f"prose edit {i} never reached the page")
            prose.append(done - start)
            time.sleep(0.5)

            # The first block is `let z = [1.0, …]; softmax(z)`: a new first logit gives a new first value.
            first = 1.0 + 0.001 * (i + 1) + 1e-7 * (time.time_ns() % 1000)
            edited = original.replace("let z = [1.0,", f"let z = [{first!r},", 1)
            start = time.perf_counter()
            bench.write(source, edited)
            done = wait_for(output, f"{first!r}".encode(), 60)
            if done is None:
                sys.exit(f"code edit {i} never reached the page")
            code.append(done - start)
            time.sleep(0.5)

        process.terminate()
        process.wait(timeout=10)
        process = None
        jupyter = jupyter_edits(work, args) if not args.no_jupyter else None

        def cell(values):
            if not values:
                return "—"
            return f"{statistics.median(values) * 1000:.0f} ms [{min(values) * 1000:.0f}–{max(values) * 1000:.0f}]"

        print(f"{args.pages} computed pages, {args.edits} edits each; medians [lowest–highest]:\n")
        print("| edit | literate serve: edit → page on disk | Jupyter Book: edit → incremental build done |")
        print("|---|---|---|")
        rows = (("prose", prose, jupyter and jupyter[0]), ("code (one value changes)", code, jupyter and jupyter[1]))
        for label, values, theirs in rows:
            print(f"| {label} | {cell(values)} | {cell(theirs)} |")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
