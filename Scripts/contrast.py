#!/usr/bin/env python3
"""WCAG 2 contrast ratios of the stylesheet's palettes; exits 1 when a pair falls below its minimum.

Usage: contrast.py [Templates/assets/style.css]

Reads the custom properties of `:root` (each colour `light-dark(light, dark)`, so both palettes) and
of the print `:root`, and checks text colours against the backgrounds they are drawn on: 4.5:1 for
text (AA, normal size), 3:1 for the focus ring and borders that carry meaning (AA, non-text). Every
`--hl-*` (Swift highlighting) colour is checked as text on the code background and the page, and every
`--chart-*` (chart series) colour as text on the page.
"""

import pathlib
import re
import sys

TEXT = 4.5
NON_TEXT = 3.0
PAIRS = [
    ("text", "background", TEXT),
    ("text", "surface", TEXT),
    ("muted", "background", TEXT),
    ("muted", "surface", TEXT),
    ("accent", "background", TEXT),
    ("accent", "surface", TEXT),
    ("error", "background", TEXT),
    ("focus", "background", NON_TEXT),
    ("focus", "surface", NON_TEXT),
]
# Swift highlighting colours are text on code (--surface); chart series are lines, bars and legend swatches
# on the page (--background), held to the text minimum so thin lines stay as clear as words.
PREFIXED = [
    ("hl-", "surface", TEXT),
    ("hl-", "background", TEXT),
    ("chart-", "background", TEXT),
]


def luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palettes(css):
    """name → {property: #rrggbb}: the light and dark palettes of the top-level :root, whose colours are
    `light-dark(#light, #dark)` (or one colour for both), and the print :root over the light one."""
    found = {}
    hex_colour = r"#[0-9a-fA-F]{6}"
    for match in re.finditer(r"(@media[^{]*\{\s*)?:root\s*\{([^}]*)\}", css):
        media = (match.group(1) or "").strip()
        block = match.group(2)
        pairs = dict(
            (name, (light, dark))
            for name, light, dark in re.findall(
                rf"--([\w-]+):\s*light-dark\(\s*({hex_colour})\s*,\s*({hex_colour})\s*\)\s*;", block))
        single = dict(re.findall(rf"--([\w-]+):\s*({hex_colour})\s*;", block))
        if not media and (pairs or single):
            found["light"] = {**single, **{name: light for name, (light, _) in pairs.items()}}
            found["dark"] = {**single, **{name: dark for name, (_, dark) in pairs.items()}}
        elif "print" in media:
            found["print"] = {**found.get("light", {}), **single}
    return found


def main():
    path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "Templates/assets/style.css")
    failures = 0
    for name, colours in palettes(path.read_text()).items():
        pairs = PAIRS + [(colour, background, minimum)
                         for prefix, background, minimum in PREFIXED
                         for colour in sorted(colours) if colour.startswith(prefix)]
        for foreground, background, minimum in pairs:
            if foreground not in colours or background not in colours:
                continue
            value = ratio(colours[foreground], colours[background])
            ok = value >= minimum
            failures += not ok
            print(f"{name:5}  {foreground:12} {colours[foreground]} on {background:10} {colours[background]}  "
                  f"{value:5.2f}:1  {'ok' if ok else 'FAIL'} (needs {minimum}:1)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
