#!/usr/bin/env python3
"""Benchmark the Softmax library against scipy.special.softmax and jax.nn.softmax, side by side.

Usage (from anywhere):  python3 Benchmarks/softmax/run.py [repeats] [--rounds R] [--native] [--floor]

Builds the release-mode benchmark (Benchmarks/softmax, scratch path .build-bench at the
repository root, which .gitignore covers), writes the inputs once to a temporary folder, and runs
R rounds (default 5) of the Swift benchmark, scipy and JAX (`jax.nn.softmax` under `jax.jit` on
the CPU, x64 enabled, the result waited for) on the same files, rotating which goes first. Each round times every case `repeats` times (default 21) on each side and takes medians; the
ratio and the share of the bandwidth floor (one read + one write of the data at the memcpy
bandwidth measured in that round) are computed per round, from measurements minutes apart at most,
so that the machine's drift (a shared VM's speed varies by tens of percent over minutes) does
not favour either side. Printed: medians over the rounds, with the lowest and highest round in
brackets, the median CPU time per element of each (summed over threads: the work done, whatever
share of the cores other processes leave) and the load average before and after. scipy runs with
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment. Without an importable jax
(`pip install jax`), JAX is left out and said so.

SOFTMAX_KERNEL_PATH=baseline in the environment makes the Swift side use its portable kernels
instead of the ones chosen for the processor (see Sources/Softmax/KernelPath.swift).

With --floor, a fourth side runs in the same rounds: floor.c, the library's AVX2 kernels alone on
the same inputs and threads, with nothing else (built with the toolchain's clang). Its ratio to JAX
is the most the library could reach with these kernels if all the Swift around them were free;
the passes' own times show where that time goes, and `exp in L1` is one thread's exp pass over a
block already in L1 (the arithmetic alone).

With --native the benchmark is built for the machine's processor (-target-cpu native, scratch
path .build-bench-native): an option a user can choose for their own build, not the default
(the library itself never sets compiler flags, so that it can be used as a dependency).
"""

import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NATIVE = "--native" in sys.argv[1:]
FLOOR = "--floor" in sys.argv[1:]
ARGS = [a for a in sys.argv[1:] if a not in ("--native", "--floor")]
ROUNDS = 5
if "--rounds" in ARGS:
    at = ARGS.index("--rounds")
    ROUNDS = int(ARGS[at + 1])
    del ARGS[at:at + 2]
REPEATS = int(ARGS[0]) if ARGS else 21

CASES = [  # name, dtype, shape, axis for scipy and JAX, target (issue 20)
    ("f32_1e6", np.float32, (1_000_000,), None, "≥ 5× scipy, ≥ 1.5× JAX"),
    ("f64_1e6", np.float64, (1_000_000,), None, "≥ 5× scipy, ≥ 1.5× JAX"),
    ("f32_1e7", np.float32, (10_000_000,), None, "≥ 5× scipy, ≥ 1.5× JAX"),
    ("f32_64x50257", np.float32, (64, 50257), 1, "≥ 5× scipy, ≥ 1.5× JAX (axis=1)"),
]

SCIPY_TIMER = r"""
import sys, time
import numpy as np
from scipy.special import softmax
d, repeats = sys.argv[1], int(sys.argv[2])
for name, dtype, shape, axis in [("f32_1e6", np.float32, (1000000,), None), ("f64_1e6", np.float64, (1000000,), None),
                                 ("f32_1e7", np.float32, (10000000,), None), ("f32_64x50257", np.float32, (64, 50257), 1)]:
    x = np.fromfile(f"{d}/{name}.bin", dtype=dtype).reshape(shape)
    softmax(x, axis=axis)
    times = []
    cpu = []
    for _ in range(repeats):
        c = time.process_time(); t = time.perf_counter(); softmax(x, axis=axis)
        times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
    print(name, sorted(times)[len(times) // 2], x.size, sorted(cpu)[len(cpu) // 2])
"""

JAX_TIMER = r"""
import sys, time
import numpy as np
import jax
jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")
d, repeats = sys.argv[1], int(sys.argv[2])
for name, dtype, shape, axis in [("f32_1e6", np.float32, (1000000,), -1), ("f64_1e6", np.float64, (1000000,), -1),
                                 ("f32_1e7", np.float32, (10000000,), -1), ("f32_64x50257", np.float32, (64, 50257), 1)]:
    x = jax.device_put(np.fromfile(f"{d}/{name}.bin", dtype=dtype).reshape(shape))
    f = jax.jit(lambda v: jax.nn.softmax(v, axis=axis))
    f(x).block_until_ready()  # compile
    times = []
    cpu = []
    for _ in range(repeats):
        c = time.process_time(); t = time.perf_counter(); f(x).block_until_ready()
        times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
    print(name, sorted(times)[len(times) // 2], x.size, sorted(cpu)[len(cpu) // 2])
"""


def has_jax():
    return subprocess.run([sys.executable, "-c", "import jax"], capture_output=True).returncode == 0


def main():
    load_before = os.getloadavg()
    scratch = os.path.join(ROOT, ".build-bench-native" if NATIVE else ".build-bench")
    flags = ["-Xswiftc", "-target-cpu", "-Xswiftc", "native"] if NATIVE else []
    subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch] + flags, cwd=HERE, check=True,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(scratch, "release", "softmax-bench")
    floor_binary = os.path.join(scratch, "floor")
    if FLOOR:
        kernels = os.path.join(ROOT, "Sources", "SoftmaxAVX2")
        sources = sorted(os.path.join(kernels, f) for f in os.listdir(kernels) if f.endswith(".c"))
        subprocess.run(["clang", "-O2", "-pthread", "-I", os.path.join(kernels, "include"), os.path.join(HERE, "floor.c")]
                       + sources + ["-lm", "-o", floor_binary], check=True)
    rng = np.random.default_rng(20240501)
    with tempfile.TemporaryDirectory() as d:
        for name, dtype, shape, _, _ in CASES:
            # Logits like a language model's: normal with a spread of 4, a few large outliers.
            x = (rng.standard_normal(shape) * 4).astype(dtype)
            x.ravel()[:: 997] += 20
            x.tofile(f"{d}/{name}.bin")
        env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}

        def run_swift():
            return parse(subprocess.run([binary, d, str(REPEATS)], check=True, capture_output=True, text=True).stdout)

        def run_scipy():
            return parse(subprocess.run([sys.executable, "-c", SCIPY_TIMER, d, str(REPEATS)], check=True,
                                        capture_output=True, text=True, env=env).stdout)

        def run_jax():
            return parse(subprocess.run([sys.executable, "-c", JAX_TIMER, d, str(REPEATS)], check=True,
                                        capture_output=True, text=True, env=env).stdout)

        def run_floor():
            return parse(subprocess.run([floor_binary, d, str(REPEATS), str(os.cpu_count())], check=True,
                                        capture_output=True, text=True).stdout)

        jax_present = has_jax()
        sides = [run_swift, run_scipy] + ([run_jax] if jax_present else []) + ([run_floor] if FLOOR else [])
        rounds = []  # (ours, scipy's, JAX's or None, the kernels' alone or None)
        for r in range(ROUNDS):
            # Each side goes first, second (and third) in turn.
            order = sides[r % len(sides):] + sides[:r % len(sides)]
            results = {side: side() for side in order}
            rounds.append((results[run_swift], results[run_scipy], results.get(run_jax), results.get(run_floor)))
    load_after = os.getloadavg()

    def median(values):
        return sorted(values)[len(values) // 2]

    def spread(values, fmt):
        return f"{fmt(median(values))} [{fmt(min(values))}–{fmt(max(values))}]"

    bandwidths = [r[0]["copy"][1] / r[0]["copy"][0] for r in rounds]
    copy_bytes = rounds[0][0]["copy"][1]
    if NATIVE:
        print("build: -target-cpu native (an option for users; the default build targets the x86-64 baseline)")
    print(f"memcpy bandwidth: {spread([b / 1e9 for b in bandwidths], lambda v: f'{v:.2f}')} GB/s "
          f"({copy_bytes / 1e6:.0f} MB copied, median of {REPEATS} per round)")
    print(f"{ROUNDS} rounds of {REPEATS} runs per case and side; medians over the rounds, [lowest–highest round]")
    if not jax_present:
        print("jax not importable (pip install jax): JAX left out")
    if os.environ.get("SOFTMAX_KERNEL_PATH"):
        print(f"SOFTMAX_KERNEL_PATH={os.environ['SOFTMAX_KERNEL_PATH']}")
    print(f"load average (1, 5, 15 min): before {' '.join(f'{v:.2f}' for v in load_before)}, "
          f"after {' '.join(f'{v:.2f}' for v in load_after)}; {os.cpu_count()} cores")
    print()
    print("| case | Softmax | scipy.special.softmax | JAX (jit) | vs scipy | vs JAX | target "
          "| CPU ns/element: Softmax, scipy, JAX |")
    print("|---|---|---|---|---|---|---|---|")
    for name, dtype, shape, _, target in CASES:
        n = rounds[0][0][name][1]

        def side(k):
            if rounds[0][k] is None:
                return "–", "–", "–"
            t = median([r[k][name][0] for r in rounds])
            cpu = median([r[k][name][2] for r in rounds])
            ratios = [r[k][name][0] / r[0][name][0] for r in rounds]
            return f"{t * 1e3:.2f} ms", f"{spread(ratios, lambda v: f'{v:.1f}')}×", f"{cpu / n * 1e9:.2f}"

        ours, _, ours_cpu = side(0)
        scipy_time, vs_scipy, scipy_cpu = side(1)
        jax_time, vs_jax, jax_cpu = side(2)
        if name == "f32_1e7":
            # One read and one write of the data = one copy, at that round's bandwidth.
            shares = [100 * (n * 4 / b) / r[0][name][0] for r, b in zip(rounds, bandwidths)]
            floor = n * 4 / median(bandwidths)
            ours += f"; {spread(shares, lambda v: f'{v:.0f}')}% of the bandwidth floor ({floor * 1e3:.2f} ms)"
        shape_text = " × ".join(f"{v:,}" for v in shape)
        print(f"| {np.dtype(dtype).name} {shape_text} | {ours} | {scipy_time} | {jax_time} | {vs_scipy} | {vs_jax} "
              f"| {target} | {ours_cpu}, {scipy_cpu}, {jax_cpu} |")
    if FLOOR:
        print_floor(rounds, median, spread)


def print_floor(rounds, median, spread):
    """The kernels alone (floor.c) beside the library and JAX, and where their time goes."""
    print()
    print("The AVX2 kernels alone (floor.c: same passes, inputs and threads, nothing else):")
    print()
    print("| case | kernels alone | share of the library's time | kernels alone vs JAX | passes (slowest thread) |")
    print("|---|---|---|---|---|")
    for name, dtype, shape, _, _ in CASES:
        floor = [r[3][name][0] for r in rounds]
        share = [100 * r[3][name][0] / r[0][name][0] for r in rounds]
        vs_jax = [r[2][name][0] / r[3][name][0] for r in rounds] if rounds[0][2] else None
        passes = [k for k in rounds[0][3] if k.startswith(name + "/")]
        pass_text = ", ".join(f"{k.split('/')[1]} {median([r[3][k][0] for r in rounds]) * 1e3:.2f} ms" for k in passes)
        shape_text = " × ".join(f"{v:,}" for v in shape)
        print(f"| {np.dtype(dtype).name} {shape_text} | {median(floor) * 1e3:.2f} ms "
              f"| {spread(share, lambda v: f'{v:.0f}')}% "
              f"| {spread(vs_jax, lambda v: f'{v:.2f}') + '×' if vs_jax else '–'} | {pass_text or '–'} |")
    for precision in ("float", "double"):
        key = f"exp-in-L1/{precision}"
        print(f"\n{key}: {median([r[3][key][0] for r in rounds]) * 1e9:.3f} ns per element (one thread)", end="")
    print()


def parse(text):
    return {w[0]: (float(w[1]), int(w[2]), float(w[3]) if len(w) > 3 else 0.0) for w in map(str.split, text.splitlines())}

if __name__ == "__main__":
    main()
