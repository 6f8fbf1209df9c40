#!/usr/bin/env python3
"""How far SciPy's and JAX's softmax are from mpmath, in ulp, on the library's accuracy vectors.

Usage (from anywhere):  python3 Benchmarks/softmax/peer_accuracy.py [vectors]

The vectors and their references are the ones the Swift accuracy tests use
(Tests/SoftmaxTests/Fixtures: generate_references.py rebuilds each vector from its seed, and
accuracy-references.txt holds mpmath's softmax at two indices of each, for the vector and for it
rounded to Float). For the first `vectors` of them (default all 10,000), runs scipy.special.softmax
and jax.nn.softmax under jax.jit on the CPU (x64 enabled) in float32 and float64, and prints the largest error in ulp of the
reference and how many are more than 2 ulp off, for results that are normal floats and, apart, for results
below the smallest normal number (where a processor flushing subnormals to zero shows).

This is the measurement behind the cost of the library's exp (see the README's performance
section): both peers compute x − max and the exp in the input's own precision, which is cheaper
per element than the library's exp (Double lanes for Float, a double-double reduction for Double)
but carries the rounding of x − max, relative to |x − max|, into the result. JAX runs on inputs padded with −infinity to the next power of two (a padded element's
exp is 0), so that it compiles once per size class instead of once per length.
"""

import collections
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.path.dirname(os.path.dirname(HERE)), "Tests", "SoftmaxTests", "Fixtures")
sys.path.insert(0, FIXTURES)

from generate_references import vector  # noqa: E402  (the fixtures' own generator)

SMALLEST_NORMAL = {"float32": 2.0**-126, "float64": 2.0**-1022}


def float32_error(value, reference):
    """|value − reference| in ulp of the reference rounded to float32 (reference: 12 digits)."""
    r = float(reference)
    return abs(float(value) - r) / float(np.spacing(np.float32(abs(r))))


def float64_error(value, hi, off):
    """|value − reference| in ulp of hi, for the reference hi + off ulp (hi the nearest double)."""
    ulp = math.ulp(float(hi))
    return abs((float(value) - float(hi)) / ulp - float(off))


def main():
    import jax

    jax.config.update("jax_platforms", "cpu")
    jax.config.update("jax_enable_x64", True)
    from scipy.special import softmax as scipy_softmax

    jax_softmax = jax.jit(jax.nn.softmax)
    with open(os.path.join(FIXTURES, "accuracy-references.txt")) as f:
        lines = [line for line in f if line[0].isdigit()]
    count = int(sys.argv[1]) if len(sys.argv) > 1 else len(lines)
    worst = collections.defaultdict(lambda: (0.0, None))
    beyond = collections.Counter()  # normal results more than 2 ulp off, per peer and precision
    normals = collections.Counter()
    for k, line in enumerate(lines[:count]):
        xs, _ = vector(k)
        head, double_part, float_part = line.split("|")
        _, argmin, pick = map(int, head.split())
        d = double_part.split()
        references = {  # softmax at argmin and at pick: (value, error function)
            "float32": [(v, lambda y, v=v: float32_error(y, v)) for v in float_part.split()[1:3]],
            "float64": [(d[2 + 2 * i], lambda y, i=i: float64_error(y, d[2 + 2 * i], d[3 + 2 * i])) for i in (0, 1)],
        }
        for precision, dtype in (("float32", np.float32), ("float64", np.float64)):
            x = np.array(xs, dtype=np.float64).astype(dtype)
            padded = np.full(1 << max(0, (len(x) - 1).bit_length()), -np.inf, dtype=dtype)
            padded[: len(x)] = x
            results = {"SciPy": scipy_softmax(x), "JAX": np.asarray(jax_softmax(padded))[: len(x)]}
            for name, y in results.items():
                for index, (reference, error_of) in zip((argmin, pick), references[precision]):
                    error = error_of(y[index])
                    normal = abs(float(reference)) >= SMALLEST_NORMAL[precision]
                    key = (precision, name, "normal" if normal else "subnormal")
                    if error > worst[key][0]:
                        worst[key] = (error, f"vector {k}, length {len(x)}, index {index}: {float(y[index])!r} "
                                             f"against {reference}")
                    if normal:
                        normals[precision, name] += 1
                        beyond[precision, name] += error > 2
    print(f"{count} vectors, softmax at two indices each; errors in ulp of the mpmath reference\n")
    for key in sorted(worst):
        error, where = worst[key]
        print(f"{key[0]} {key[1]:5} {key[2]:9} results: worst {error:.4g} ulp ({where})")
    print()
    for key in sorted(normals):
        share = 100 * beyond[key] / normals[key]
        print(f"{key[0]} {key[1]:5} normal results more than 2 ulp off: {beyond[key]} of {normals[key]} ({share:.1f}%)")


if __name__ == "__main__":
    main()
