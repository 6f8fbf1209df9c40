#!/usr/bin/env python3
"""How far SciPy's and JAX's Float softmax are from mpmath, in ulp, on the library's accuracy vectors.

Usage (from anywhere):  python3 Benchmarks/softmax/peer_accuracy.py [vectors]

The vectors and their references are the ones the Swift accuracy tests use
(Tests/SoftmaxTests/Fixtures: generate_references.py rebuilds each vector from its seed, and
accuracy-references.txt holds mpmath's softmax at two indices of each, for the vector rounded to
Float). For the first `vectors` of them (default all 10,000), runs scipy.special.softmax and
jax.nn.softmax under jax.jit on the CPU in float32, and prints the largest error in ulp of the
reference and how many are more than 2 ulp off, for results that are normal floats and, apart, for results
below the smallest normal float (where a processor flushing subnormals to zero shows).

This is the measurement behind the cost of the library's exp (see the README's performance
section): both peers compute x − max and the exp in Float arithmetic, which is cheaper per element
than the library's Double lanes but carries the rounding of x − max, relative to |x − max|, into
the result. JAX runs on inputs padded with −infinity to the next power of two (a padded element's
exp is 0), so that it compiles once per size class instead of once per length.
"""

import collections
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.path.dirname(os.path.dirname(HERE)), "Tests", "SoftmaxTests", "Fixtures")
sys.path.insert(0, FIXTURES)

from generate_references import vector  # noqa: E402  (the fixtures' own generator)

SMALLEST_NORMAL = 2.0**-126


def ulps(value, reference):
    """|value − reference| in ulp of the reference rounded to float32."""
    r = float(reference)
    return abs(float(value) - r) / float(np.spacing(np.float32(abs(r))))


def main():
    import jax

    jax.config.update("jax_platforms", "cpu")
    from scipy.special import softmax as scipy_softmax

    jax_softmax = jax.jit(jax.nn.softmax)
    with open(os.path.join(FIXTURES, "accuracy-references.txt")) as f:
        lines = [line for line in f if line[0].isdigit()]
    count = int(sys.argv[1]) if len(sys.argv) > 1 else len(lines)
    worst = collections.defaultdict(lambda: (0.0, None))
    beyond = collections.Counter()  # normal results more than 2 ulp off, per peer
    normals = collections.Counter()
    for k, line in enumerate(lines[:count]):
        xs, _ = vector(k)
        head, _, float_part = line.split("|")
        _, argmin, pick = map(int, head.split())
        references = float_part.split()[1:3]  # softmax at argmin and at pick
        x = np.array(xs, dtype=np.float64).astype(np.float32)
        padded = np.full(1 << max(0, (len(x) - 1).bit_length()), -np.inf, dtype=np.float32)
        padded[: len(x)] = x
        results = {"SciPy": scipy_softmax(x), "JAX": np.asarray(jax_softmax(padded))[: len(x)]}
        for name, y in results.items():
            for index, reference in zip((argmin, pick), references):
                error = ulps(y[index], reference)
                normal = abs(float(reference)) >= SMALLEST_NORMAL
                key = (name, "normal" if normal else "subnormal")
                if error > worst[key][0]:
                    worst[key] = (error, f"vector {k}, length {len(x)}, index {index}: {float(y[index])!r} "
                                         f"against {reference}")
                if normal:
                    normals[name] += 1
                    beyond[name] += error > 2
    print(f"{count} vectors, softmax at two indices each, float32; errors in ulp of the mpmath reference\n")
    for key in sorted(worst):
        error, where = worst[key]
        print(f"{key[0]:5} {key[1]:9} results: worst {error:.4g} ulp ({where})")
    print()
    for name in ("SciPy", "JAX"):
        share = 100 * beyond[name] / normals[name]
        print(f"{name:5} normal results more than 2 ulp off: {beyond[name]} of {normals[name]} ({share:.1f}%)")


if __name__ == "__main__":
    main()
