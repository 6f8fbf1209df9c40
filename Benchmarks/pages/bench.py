#!/usr/bin/env python3
"""literate build against Jupyter Book 1.x (MyST-NB, execution forced) on the same computed pages, side by side.

Usage (from the repository root):

    python3 Benchmarks/pages/bench.py [--pages 10,50,200] [--runs 3] [--only both|literate|jupyter]
                                      [--literate PATH] [--venv PATH] [--keep]

For each page count N it generates N lessons twice, once as literate content (`{swift}` blocks) and once as
a Jupyter Book of MyST notebooks (`{code-cell} ipython3` blocks), each page with the same five computations:

1. the softmax of a 5-vector;
2. the 3×3 softmax Jacobian;
3. 1,000 steps of gradient descent on a softmax cross-entropy, then the loss;
4. a small labelled table: the logits beside their softmax;
5. a struct with a method (Swift `struct`, Python dataclass) giving probabilities at a temperature.

The numbers depend on the page's index, so no two pages are the same. Swift uses the Softmax library that
literate gives every page; Python uses numpy and scipy.special. Then it measures:

- cold build: a fresh cache and a fresh output folder (literate `build --cache NEW --output NEW`;
  Jupyter Book `build --path-output NEW` with `execute_notebooks: force`, so every notebook runs);
- nothing changed: the same build again into the same cache and output (Jupyter Book's shown for reference:
  Sphinx re-reads no unchanged page, so nothing is executed again);
- peak memory of each cold build: /usr/bin/time -v's maximum resident set size, which is that of the
  largest single process among the build and its children (the compiler, a Jupyter kernel), not a sum.

Times are medians over --runs rounds; each round alternates which tool goes first. Everything is written
under one fresh temporary folder (in .build/, ignored by git), removed at the end unless --keep; nothing
else is deleted. Jupyter Book comes from a virtualenv (default .build/bench-venv); the script says how to
make it when it is missing.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_VENV = os.path.join(ROOT, ".build", "bench-venv")
INSTALL = 'python3 -m venv {venv} && {venv}/bin/pip install "jupyter-book<2" ipykernel numpy scipy'


def numbers(index):
    """The page's inputs, written the same way on both sides (Swift and Python read these literals alike)."""
    a = f"{0.01 * index:.2f}"
    return {
        "z": f"[1.0, 2.0 + {a}, 0.5, -1.0, 0.25 - {a}]",
        "w": f"[0.2 + {a}, -0.4, 1.1]",
        "target": str(index % 5),
        "rate": f"0.05 + {a} / 10",
        "weights": f"[2.0, 1.0 - {a}, 0.1, -0.5]",
        "temperature": f"1.5 + {a}",
    }


PROSE = (
    "Softmax turns scores into probabilities that are positive and sum to one. This lesson computes it, "
    "its Jacobian, a short training loop on a cross-entropy loss, a table and a small model."
)


def literate_page(index):
    n = numbers(index)
    blocks = [
        f"""let z = {n['z']}
softmax(z)""",
        f"""let w = {n['w']}
softmaxJacobian(w)""",
        f"""var logits = [Double](repeating: 0, count: 5)
let target = {n['target']}
let rate = {n['rate']}
for _ in 0..<1_000 {{
    let g = try crossEntropyGradient(logits: logits, target: target)
    for k in 0..<logits.count {{
        logits[k] -= rate * g[k]
    }}
}}
try crossEntropy(logits: logits, target: target)""",
        """(logit: z, softmax: softmax(z))""",
        f"""struct Classifier {{
    var weights: [Double]
    var temperature: Double

    func probabilities() -> [Double] {{
        softmax(weights.map {{ $0 / temperature }})
    }}
}}

let model = Classifier(weights: {n['weights']}, temperature: {n['temperature']})
model.probabilities()""",
    ]
    body = "\n\n".join(f"## Step {k + 1}\n\n{PROSE}\n\n```{{swift}}\n{block}\n```" for k, block in enumerate(blocks))
    return f"---\ntitle: \"Lesson {index}\"\norder: {index}\n---\n\n# Lesson {index}\n\n{PROSE}\n\n{body}\n"


MYST_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def jupyter_page(index):
    n = numbers(index)
    blocks = [
        f"""import numpy as np
from scipy.special import log_softmax, softmax

z = np.array({n['z']})
softmax(z)""",
        f"""w = np.array({n['w']})
p = softmax(w)
np.diag(p) - np.outer(p, p)""",
        f"""logits = np.zeros(5)
target = {n['target']}
rate = {n['rate']}
for _ in range(1_000):
    g = softmax(logits)
    g[target] -= 1.0
    logits -= rate * g
-log_softmax(logits)[target]""",
        """{"logit": z, "softmax": softmax(z)}""",
        f"""from dataclasses import dataclass


@dataclass
class Classifier:
    weights: np.ndarray
    temperature: float

    def probabilities(self):
        return softmax(self.weights / self.temperature)


model = Classifier(weights=np.array({n['weights']}), temperature={n['temperature']})
model.probabilities()""",
    ]
    body = "\n\n".join(
        f"## Step {k + 1}\n\n{PROSE}\n\n```{{code-cell}} ipython3\n{block}\n```" for k, block in enumerate(blocks)
    )
    return f"{MYST_HEADER}\n# Lesson {index}\n\n{PROSE}\n\n{body}\n"


JB_CONFIG = """title: Synthetic lessons
author: Benchmark
only_build_toc_files: true
execute:
  execute_notebooks: force
  timeout: 300
"""

INDEX = "# Synthetic lessons\n\nGenerated lessons on softmax, each computed at build time.\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def lesson(index):
    return f"lesson-{index:05d}"


def generate(base, count):
    """Writes both sources under `base` (a folder this script just created); returns their folders."""
    lit = os.path.join(base, "literate")
    book = os.path.join(base, "jupyter")
    write(os.path.join(lit, "Content", "index.md"), "---\ntitle: Synthetic lessons\n---\n\n" + INDEX)
    write(os.path.join(book, "intro.md"), INDEX)
    write(os.path.join(book, "_config.yml"), JB_CONFIG)
    toc = ["format: jb-book", "root: intro", "chapters:"] + [f"- file: {lesson(i)}" for i in range(1, count + 1)]
    write(os.path.join(book, "_toc.yml"), "\n".join(toc) + "\n")
    for i in range(1, count + 1):
        write(os.path.join(lit, "Content", lesson(i) + ".md"), literate_page(i))
        write(os.path.join(book, lesson(i) + ".md"), jupyter_page(i))
    return lit, book


def timed(command, cwd, env=None):
    """Runs `command` under /usr/bin/time -v; returns (wall seconds, peak RSS in MiB of its largest process)."""
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-v"] + command, cwd=cwd, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(
            f"failed ({result.returncode}): {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    return elapsed, peak


def check_literate(site, count):
    missing = [lesson(i) for i in range(1, count + 1) if not os.path.exists(os.path.join(site, lesson(i) + ".html"))]
    if missing:
        raise SystemExit(f"literate wrote no page for {missing[:3]} … in {site}")


def check_jupyter(html, count):
    """Every lesson must be there with its five outputs and no error: execution really happened."""
    for i in range(1, count + 1):
        path = os.path.join(html, lesson(i) + ".html")
        if not os.path.exists(path):
            raise SystemExit(f"Jupyter Book wrote no {path}")
        with open(path) as f:
            text = f.read()
        outputs = text.count('class="cell_output')
        if outputs != 5 or "traceback" in text.lower():
            raise SystemExit(f"{path}: {outputs} cell outputs (want 5) or an error output; was it executed?")


def jupyter_setup(venv):
    """Returns the environment for the venv's jupyter-book, after checking that its python3 kernel is the venv's."""
    jb = os.path.join(venv, "bin", "jupyter-book")
    if not os.path.exists(jb):
        sys.exit(f"no Jupyter Book at {jb}; install it (about a minute) with:\n    {INSTALL.format(venv=venv)}")
    env = dict(os.environ, PATH=os.path.join(venv, "bin") + os.pathsep + os.environ.get("PATH", ""))
    env.pop("PYTHONPATH", None)
    specs = subprocess.run(
        [os.path.join(venv, "bin", "jupyter"), "kernelspec", "list", "--json"],
        env=env, capture_output=True, text=True, check=True,
    )
    kernel = json.loads(specs.stdout)["kernelspecs"].get("python3")
    argv0 = kernel["spec"]["argv"][0] if kernel else None
    # "python" and "python3" mean the Python running jupyter-book (jupyter_client's rule): the venv's.
    if argv0 not in ("python", "python3") and not os.path.abspath(argv0 or "/").startswith(venv + os.sep):
        sys.exit(f"the python3 Jupyter kernel runs {argv0}, not the venv's Python; see `jupyter kernelspec list`")
    version = subprocess.run([jb, "--version"], env=env, capture_output=True, text=True).stdout
    versions = dict(re.findall(r"^(Jupyter Book|MyST-NB|Sphinx Book Theme)\s*:\s*(\S+)", version, re.M))
    modules = subprocess.run(
        [os.path.join(venv, "bin", "python"), "-c",
         "import numpy, scipy, sphinx; print(numpy.__version__, scipy.__version__, sphinx.__version__)"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    describe = (
        f"Jupyter Book {versions.get('Jupyter Book', '?')}, MyST-NB {versions.get('MyST-NB', '?')}, "
        f"Sphinx {modules[2]}, numpy {modules[0]}, scipy {modules[1]}"
    )
    return jb, env, describe


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="10,50,200", help="page counts, comma-separated (default 10,50,200)")
    parser.add_argument("--runs", type=int, default=3, help="rounds per page count; medians are reported")
    parser.add_argument("--only", choices=("both", "literate", "jupyter"), default="both")
    parser.add_argument("--literate", default=os.path.join(ROOT, ".build", "release", "literate"))
    parser.add_argument("--venv", default=DEFAULT_VENV, help="virtualenv holding jupyter-book (default .build/bench-venv)")
    parser.add_argument("--work-parent", default=os.path.join(ROOT, ".build"),
                        help="where the run's temporary folder is made (default .build/)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args()
    try:
        counts = [int(p) for p in args.pages.split(",") if p.strip()]
    except ValueError:
        parser.error("--pages takes comma-separated integers, such as 10,50")
    if not counts or min(counts) < 1 or args.runs < 1:
        parser.error("--pages needs counts ≥ 1 and --runs ≥ 1")
    use_literate = args.only in ("both", "literate")
    use_jupyter = args.only in ("both", "jupyter")

    literate = os.path.abspath(args.literate)
    if use_literate and not os.path.exists(literate):
        sys.exit(f"no literate binary at {literate}; run: swift build -c release --product literate")
    templates = os.path.join(ROOT, "Templates")
    if use_jupyter:
        jb, jb_env, jb_describe = jupyter_setup(os.path.abspath(args.venv))

    os.makedirs(args.work_parent, exist_ok=True)
    work = tempfile.mkdtemp(prefix="bench-pages-", dir=args.work_parent)
    results = {}
    try:
        for count in counts:
            lit, book = generate(os.path.join(work, f"pages-{count}"), count)
            out = os.path.join(work, f"pages-{count}", "out")
            r = results[count] = {key: [] for key in ("lit_cold", "lit_warm", "lit_mem", "jb_cold", "jb_warm", "jb_mem")}

            def run_literate(round_):
                folder = os.path.join(out, f"literate-{round_}")
                site = os.path.join(folder, "_site")
                command = [literate, "build", "--content", "Content", "--templates", templates,
                           "--cache", os.path.join(folder, "cache"), "--output", site]
                seconds, peak = timed(command, lit)
                r["lit_cold"].append(seconds)
                r["lit_mem"].append(peak)
                r["lit_warm"].append(timed(command, lit)[0])
                check_literate(site, count)

            def run_jupyter(round_):
                folder = os.path.join(out, f"jupyter-{round_}")  # must not exist: a cold build
                command = [jb, "build", book, "--path-output", folder, "--builder", "html"]
                seconds, peak = timed(command, book, jb_env)
                r["jb_cold"].append(seconds)
                r["jb_mem"].append(peak)
                r["jb_warm"].append(timed(command, book, jb_env)[0])
                check_jupyter(os.path.join(folder, "_build", "html"), count)

            tools = ([run_literate] if use_literate else []) + ([run_jupyter] if use_jupyter else [])
            for round_ in range(args.runs):
                for tool in (tools if round_ % 2 == 0 else tools[::-1]):
                    tool(round_)
            print(f"{count} pages: done", file=sys.stderr)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work)

    med = statistics.median

    def cell(values, fmt="{:.2f}", unit=" s"):
        return fmt.format(med(values)) + unit if values else "—"

    print(f"{os.cpu_count()} cores; {args.runs} run(s) per page count, medians; first tool alternates each round")
    print(f"command: python3 Benchmarks/pages/bench.py --pages {','.join(map(str, counts))} --runs {args.runs}"
          + (f" --only {args.only}" if args.only != "both" else ""))
    if use_literate:
        print(f"literate: {literate}")
    if use_jupyter:
        print(f"jupyter: {jb_describe} (execute_notebooks: force)")
    print()
    print("| pages | literate cold | Jupyter Book cold | literate / JB | literate per page | JB per page "
          "| literate nothing changed | JB nothing changed | peak MiB literate | peak MiB JB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count in counts:
        r = results[count]
        ratio = f"{med(r['lit_cold']) / med(r['jb_cold']):.3f}" if r["lit_cold"] and r["jb_cold"] else "—"
        per_lit = f"{med(r['lit_cold']) / count:.4f} s" if r["lit_cold"] else "—"
        per_jb = f"{med(r['jb_cold']) / count:.4f} s" if r["jb_cold"] else "—"
        print(f"| {count} | {cell(r['lit_cold'])} | {cell(r['jb_cold'])} | {ratio} | {per_lit} | {per_jb} "
              f"| {cell(r['lit_warm'])} | {cell(r['jb_warm'])} "
              f"| {cell(r['lit_mem'], '{:.0f}', '')} | {cell(r['jb_mem'], '{:.0f}', '')} |")


if __name__ == "__main__":
    main()
