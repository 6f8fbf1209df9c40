#!/usr/bin/env python3
"""Benchmark the Softmax library against scipy.special.softmax, side by side, same inputs.

Usage (from anywhere):  python3 Benchmarks/softmax/run.py [repeats] [--native]

Builds the release-mode benchmark (Benchmarks/softmax, scratch path .build-bench at the
repository root, which .gitignore covers), writes the inputs once to a temporary folder, runs the
Swift benchmark and then scipy on the same files, and prints elements per second (median of
`repeats` runs, default 21), the ratio, and the measured memcpy bandwidth with the bandwidth floor
(one read + one write of the data at that bandwidth). It also prints the median CPU time per
element of each (summed over threads: the work done, whatever share of the cores other processes
leave) and the load average before and after. scipy runs with OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE removed from its environment.

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
ARGS = [a for a in sys.argv[1:] if a != "--native"]
NATIVE = "--native" in sys.argv[1:]
REPEATS = int(ARGS[0]) if ARGS else 21

CASES = [  # name, dtype, shape, axis for scipy, target
    ("f32_1e6", np.float32, (1_000_000,), None, "≥ 3× scipy"),
    ("f64_1e6", np.float64, (1_000_000,), None, "≥ 5× scipy"),
    ("f32_1e7", np.float32, (10_000_000,), None, "≥ 50% of bandwidth floor"),
    ("f32_64x50257", np.float32, (64, 50257), 1, "≥ 3× scipy (axis=1)"),
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


def main():
    load_before = os.getloadavg()
    scratch = os.path.join(ROOT, ".build-bench-native" if NATIVE else ".build-bench")
    flags = ["-Xswiftc", "-target-cpu", "-Xswiftc", "native"] if NATIVE else []
    subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch] + flags, cwd=HERE, check=True,
                   stdout=subprocess.DEVNULL)
    binary = os.path.join(scratch, "release", "softmax-bench")
    rng = np.random.default_rng(20240501)
    with tempfile.TemporaryDirectory() as d:
        for name, dtype, shape, _, _ in CASES:
            # Logits like a language model's: normal with a spread of 4, a few large outliers.
            x = (rng.standard_normal(shape) * 4).astype(dtype)
            x.ravel()[:: 997] += 20
            x.tofile(f"{d}/{name}.bin")
        swift = subprocess.run([binary, d, str(REPEATS)], check=True, capture_output=True, text=True).stdout
        env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
        scipy = subprocess.run([sys.executable, "-c", SCIPY_TIMER, d, str(REPEATS)], check=True,
                               capture_output=True, text=True, env=env).stdout
    load_after = os.getloadavg()

    def parse(text):
        return {w[0]: (float(w[1]), int(w[2]), float(w[3]) if len(w) > 3 else 0.0) for w in map(str.split, text.splitlines())}

    ours = parse(swift)
    theirs = parse(scipy)
    copy_time, copy_bytes, _ = ours.pop("copy")
    bandwidth = copy_bytes / copy_time
    if NATIVE:
        print("build: -target-cpu native (an option for users; the default build targets the x86-64 baseline)")
    print(f"memcpy bandwidth: {bandwidth / 1e9:.2f} GB/s ({copy_bytes / 1e6:.0f} MB copied, median of {REPEATS})")
    print(f"load average (1, 5, 15 min): before {' '.join(f'{v:.2f}' for v in load_before)}, "
          f"after {' '.join(f'{v:.2f}' for v in load_after)}; {os.cpu_count()} cores")
    print()
    print("| case | Softmax (elements/s) | scipy.special.softmax (elements/s) | ratio | target "
          "| CPU ns/element: Softmax, scipy |")
    print("|---|---|---|---|---|---|")
    for name, dtype, shape, _, target in CASES:
        t, n, tc = ours[name]
        s, _, sc = theirs[name]
        extra = ""
        if name == "f32_1e7":
            floor = n * 4 / bandwidth  # one read and one write of the data = one copy
            extra = f"; {100 * floor / t:.0f}% of the bandwidth floor ({floor * 1e3:.2f} ms)"
        shape_text = " × ".join(f"{v:,}" for v in shape)
        print(f"| {np.dtype(dtype).name} {shape_text} | {n / t:.3g} ({t * 1e3:.2f} ms) | {n / s:.3g} ({s * 1e3:.2f} ms) "
              f"| {s / t:.1f}×{extra} | {target} | {tc / n * 1e9:.2f}, {sc / n * 1e9:.2f} |")


if __name__ == "__main__":
    main()
