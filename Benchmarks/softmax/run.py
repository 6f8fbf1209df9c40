#!/usr/bin/env python3
"""Benchmark the Softmax library against scipy.special.softmax, side by side, same inputs.

Usage (from anywhere):  python3 Benchmarks/softmax/run.py [repeats]

Builds the release-mode benchmark (Benchmarks/softmax, scratch path .build-bench at the
repository root, which .gitignore covers), writes the inputs once to a temporary folder, runs the
Swift benchmark and then scipy on the same files, and prints elements per second (median of
`repeats` runs, default 21), the ratio, and the measured memcpy bandwidth with the bandwidth floor
(one read + one write of the data at that bandwidth). scipy runs with OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE removed from its environment.
"""

import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 21

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
    for _ in range(repeats):
        t = time.perf_counter(); softmax(x, axis=axis); times.append(time.perf_counter() - t)
    print(name, sorted(times)[len(times) // 2], x.size)
"""


def main():
    scratch = os.path.join(ROOT, ".build-bench")
    subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch], cwd=HERE, check=True,
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
    ours = {line.split()[0]: (float(line.split()[1]), int(line.split()[2])) for line in swift.splitlines()}
    theirs = {line.split()[0]: (float(line.split()[1]), int(line.split()[2])) for line in scipy.splitlines()}
    copy_time, copy_bytes = ours.pop("copy")
    bandwidth = copy_bytes / copy_time
    print(f"memcpy bandwidth: {bandwidth / 1e9:.2f} GB/s ({copy_bytes / 1e6:.0f} MB copied, median of {REPEATS})")
    print()
    print("| case | Softmax (elements/s) | scipy.special.softmax (elements/s) | ratio | target |")
    print("|---|---|---|---|---|")
    for name, dtype, shape, _, target in CASES:
        t, n = ours[name]
        s, _ = theirs[name]
        extra = ""
        if name == "f32_1e7":
            floor = n * 4 / bandwidth  # one read and one write of the data = one copy
            extra = f"; {100 * floor / t:.0f}% of the bandwidth floor ({floor * 1e3:.2f} ms)"
        shape_text = " × ".join(f"{v:,}" for v in shape)
        print(f"| {np.dtype(dtype).name} {shape_text} | {n / t:.3g} ({t * 1e3:.2f} ms) | {n / s:.3g} ({s * 1e3:.2f} ms) "
              f"| {s / t:.1f}×{extra} | {target} |")


if __name__ == "__main__":
    main()
