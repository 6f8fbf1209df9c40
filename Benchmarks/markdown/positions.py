#!/usr/bin/env python3
"""Source positions (CMARK_OPT_SOURCEPOS) of cmark 0.30.2 against cmark-gfm 0.29.0.gfm.6.

    python3 positions.py            # summary over the spec examples, Content/*.md and samples
    python3 positions.py --show     # also print the samples' differing nodes

Both trees are walked in step; a node "differs" when its type, start line/column or end
line/column differ. When the two trees' shapes diverge (a different parse), the document is
counted as "different tree" and its positions are not compared.
"""

import argparse
import collections
import glob
import os

import libs
from conformance import FILES, read_examples

CM, GFM = libs.Cmark(), libs.CmarkGFM()
OPTS = libs.OPT_UNSAFE | libs.OPT_SOURCEPOS
HERE = os.path.dirname(os.path.abspath(__file__))

SAMPLES = {
    "link, code, html": "A [link](http://x.org \"t\") and `code` and <span class=\"a\">html</span> end.\n",
    "second line": "First line\nsecond *em* [ref] and `a  b` <b>x</b>\n\n[ref]: /u\n",
    "entities, escapes": "&amp; &copy; \\* x&#65;y [l&amp;m](/u) `c`\n",
    "indented, quoted": "> - item with [link](/a) and <i>html</i>\n>   and `code` on a lazy line\n",
    "image, autolink": "![alt *e*](/i.png) <http://a.b> <a@b.c> **strong**\n",
    "multibyte": "Ünïcödé [ссылка](/u) `κώδικας` <em>é</em>\n",
    "tab": "\tcode block\n\n-\tlist [l](/u)\n",
    "heading, setext": "# Head [l](/u) #\n\nSetext `c`\n======\n",
    "hard breaks": "a  \nb\\\nc <br/> d\n",
    "math-like": "$x_1$ and $$a*b$$ with [l](/u) and `$c$`\n",
}


def tree(impl, text):
    doc = impl.parse(text, OPTS)
    nodes = []
    for ev, node in impl.walk(doc):
        if ev == 2:  # enter
            nodes.append((impl.type_string(node).decode(), impl.start_line(node), impl.start_column(node),
                          impl.end_line(node), impl.end_column(node)))
    impl.node_free(doc)
    return nodes


def compare(text):
    a, b = tree(CM, text), tree(GFM, text)
    if [n[0] for n in a] != [n[0] for n in b]:
        return None, a, b
    return [(x, y) for x, y in zip(a, b) if x != y], a, b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    docs = {f"cm030 example {e['number']}": e["markdown"] for e in read_examples(FILES["cm030"])}
    for path in sorted(glob.glob(os.path.join(HERE, "../../Content/*.md"))):
        docs[os.path.relpath(path, os.path.join(HERE, "../.."))] = open(path, encoding="utf-8").read()
    docs.update({f"sample: {k}": v for k, v in SAMPLES.items()})

    total_nodes, differing_docs, different_trees = 0, [], []
    by_type = collections.Counter()
    nodes_by_type = collections.Counter()
    block_diff, inline_diff = 0, 0
    INLINE = {"text", "softbreak", "linebreak", "code", "html_inline", "custom_inline", "emph", "strong",
              "link", "image"}
    for name, text in docs.items():
        diffs, a, b = compare(text.encode())
        if diffs is None:
            different_trees.append(name)
            continue
        total_nodes += len(a)
        nodes_by_type.update(n[0] for n in a)
        if diffs:
            differing_docs.append((name, diffs))
            for x, _ in diffs:
                by_type[x[0]] += 1
                if x[0] in INLINE:
                    inline_diff += 1
                else:
                    block_diff += 1
    print(f"cmark {CM.version_string} against cmark-gfm {GFM.version_string} (no extensions), SOURCEPOS")
    print(f"documents: {len(docs)}; same tree shape: {len(docs) - len(different_trees)}; "
          f"different tree: {len(different_trees)} ({', '.join(different_trees)})")
    print(f"nodes compared: {total_nodes}; with a different position: {sum(by_type.values())} "
          f"(block {block_diff}, inline {inline_diff}) in {len(differing_docs)} documents")
    for t, n in sorted(nodes_by_type.items(), key=lambda kv: -kv[1]):
        print(f"  {t:15} {n:6} nodes, {by_type[t]:4} differ")
    for name, diffs in differing_docs:
        if args.show or not name.startswith("cm030"):
            print(f"\n{name}:")
            for x, y in diffs:
                print(f"  {x[0]:12} cmark {x[1]}:{x[2]}-{x[3]}:{x[4]}   cmark-gfm {y[1]}:{y[2]}-{y[3]}:{y[4]}")
    spec_diffs = [n.split()[-1] for n, _ in differing_docs if n.startswith("cm030")]
    if spec_diffs and not args.show:
        print("\n(spec examples with differences: " + " ".join(spec_diffs) + "; --show prints them)")

    # The same samples with every extension attached: do positions of ordinary nodes move?
    print("\nWith all extensions (table strikethrough autolink tagfilter tasklist, FOOTNOTES):")
    moved = 0
    for name, text in docs.items():
        plain = tree(GFM, text.encode())
        parser, doc = GFM.parse_with(text.encode(), OPTS | libs.OPT_FOOTNOTES, libs.GFM_EXTENSIONS)
        ext = [(GFM.type_string(n).decode(), GFM.start_line(n), GFM.start_column(n), GFM.end_line(n),
                GFM.end_column(n)) for ev, n in GFM.walk(doc) if ev == 2]
        GFM.node_free(doc)
        GFM.parser_free(parser)
        if [n[0] for n in plain] == [n[0] for n in ext] and plain != ext:
            moved += 1
            print(f"  {name}: positions change when extensions are attached")
    print(f"  documents whose tree is unchanged by extensions but positions move: {moved}")

    # Positions of the extensions' own nodes.
    print("\nExtension nodes (cmark-gfm, all extensions, FOOTNOTES); line:column-line:column")
    for text in EXTENSION_SAMPLES:
        print("\n" + "".join(f"  {i + 1:2}| {line}\n" for i, line in enumerate(text.split("\n")[:-1])), end="")
        parser, doc = GFM.parse_with(text.encode(), OPTS | libs.OPT_FOOTNOTES, libs.GFM_EXTENSIONS)
        for ev, n in GFM.walk(doc):
            if ev != 2:
                continue
            depth, p = 0, GFM.parent(n)
            while p:
                depth, p = depth + 1, GFM.parent(p)
            kind = GFM.type_string(n).decode()
            if kind == "<unknown>":
                kind = {0x800B: "footnote_definition", 0xC00B: "footnote_reference"}.get(GFM.node_type(n), kind)
            lit = GFM.literal(n)
            print(f"  {'  ' * depth}{kind} {GFM.start_line(n)}:{GFM.start_column(n)}-{GFM.end_line(n)}:"
                  f"{GFM.end_column(n)}" + (f" {lit.decode()!r}" if lit else ""))
        GFM.node_free(doc)
        GFM.parser_free(parser)


EXTENSION_SAMPLES = [
    "| Key | `code` value |\n|:---|---:|\n| a [l](/u) | $x_1$ and <b>h</b> |\n|  ~~s~~ | www.x.org |\n",
    "- [ ] task *em*\n- [x] done\n\nSee ~~old~~ and https://a.b/c and x[^n].\n\n[^n]: Note [l](/u).\n",
]


if __name__ == "__main__":
    main()
