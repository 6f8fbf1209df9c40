"""Why pages refuse tables over 1,000 columns or 131,072 cells (Sources/Markdown/TableSizeLimit.swift):
cmark-gfm's parse + render time and HTML size for tables of a given shape, one run each, with the
extensions pages use. Usage: python3 Benchmarks/markdown/table_limit.py
"""

import time

import libs

SHAPES = [(100, 1_000), (128, 2_000), (1_000, 100), (2_000, 1), (4_000, 1), (8_000, 1), (10, 100_000)]


def main():
    gfm = libs.CmarkGFM()
    print(f"{'columns':>8} {'rows':>8} {'cells':>10} {'input':>9} {'seconds':>8} {'HTML bytes':>11}")
    for columns, rows in SHAPES:
        source = ("|" + "a|" * columns + "\n|" + "-|" * columns + "\n" + "x\n" * rows).encode()
        start = time.perf_counter()
        html = gfm.html(source, libs.OPT_UNSAFE | libs.OPT_FOOTNOTES, ["table", "strikethrough", "autolink", "tasklist"])
        seconds = time.perf_counter() - start
        print(f"{columns:>8} {rows:>8} {columns * (rows + 1):>10} {len(source):>9} {seconds:>8.3f} {len(html):>11}")


if __name__ == "__main__":
    main()
