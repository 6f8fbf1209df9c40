#!/usr/bin/env python3
"""Independent reference values for the tutorial page Content/why-softmax.md.

Computed with NumPy and SciPy (not with our Softmax library), written to essay-numbers.json.
The end-to-end test builds the site and compares every table it names here with these values.
Run from this folder:  python3 essay_numbers.py
"""
import json

import numpy as np
from scipy.special import softmax

logits = np.array([0.3, 0.7, 1.2, -0.2, 0.7])
mixed = np.array([-2.0, 3.0, 1.0, -1.0, 7.0])
scores = np.array([2.0, 5.0, 1.0])


def normalize(x):
    return x / x.sum()


def softmax_jacobian(x):
    y = softmax(x)
    return np.diag(y) - np.outer(y, y)


def normalize_jacobian(x):
    s = x.sum()
    return np.eye(len(x)) / s - np.outer(x, np.ones(len(x))) / s**2


def side_by_side(*columns):
    """A table of columns as the page reads it: row by row."""
    return np.column_stack(columns).ravel().tolist()


# Keys are the expressions exactly as the page writes them; values are the numbers of each one's
# result in reading order (tables row by row). The test finds each result on the built page.
results = {
    "softmax(logits)": softmax(logits).tolist(),
    "(logit: logits, softmax: softmax(logits), normalized: normalize(logits))": side_by_side(
        logits, softmax(logits), normalize(logits)
    ),
    "(logit: mixed, normalized: normalize(mixed), softmax: softmax(mixed))": side_by_side(
        mixed, normalize(mixed), softmax(mixed)
    ),
    "(logit: scores, normalized: normalize(scores), softmax: softmax(scores))": side_by_side(
        scores, normalize(scores), softmax(scores)
    ),
    "softmaxJacobian(scores)": softmax_jacobian(scores).tolist(),
    "essayFormula": 1 / scores.sum() - normalize(scores)[0],
    "jacobian(of: { normalize($0) }, at: scores)[0][0]": normalize_jacobian(scores)[0][0],
}

with open("essay-numbers.json", "w") as f:
    json.dump(results, f, indent=2, sort_keys=True)
    f.write("\n")
