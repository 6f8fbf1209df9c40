#!/usr/bin/env python3
"""Spec examples through cmark 0.30.2 and cmark-gfm 0.29.0.gfm.6 in several configurations.

    python3 conformance.py                 # the pass-count table and failing example numbers
    python3 conformance.py --show gfm-all:cm030:9   # one example: input, expected, actual

Comparison is exact, as in Tests/MarkdownTests/CommonMarkConformanceTests.swift (`ours == example.html`,
with `→` read as a tab in both). An expected `<IGNORE>` passes if the parser returns (cmark-gfm's own
runner's rule). A second count, "normalized", compares after a light HTML
normalization (attribute order, `<x />` vs `<x>`, whitespace next to block tags), to tell rendering
details from real parsing differences.
"""

import argparse
import html.parser
import re
import sys

import libs

FENCE = "`" * 32
FILES = {
    "cm030": "/work/shared/testdata/commonmark/spec-0.30.txt",
    "gfmspec": "/work/shared/testdata/gfm/spec-0.29-gfm.txt",
    "ext": "/work/shared/testdata/gfm/extensions.txt",
}


def read_examples(path):
    """Examples as the project's test reads them; the words after `example` are kept as tags."""
    examples, state, md, out = [], 0, [], []
    section, start, tags = "", 0, []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines, 1):
        if state == 0 and line.startswith(FENCE + " example"):
            state, md, out, start = 1, [], [], i
            tags = line[len(FENCE) + len(" example"):].split()
        elif state == 0 and line.startswith("#"):
            section = line.lstrip("#").strip()
        elif state == 1 and line == ".":
            state = 2
        elif state == 1:
            md.append(line)
        elif state == 2 and line == FENCE:
            state = 0
            join = lambda ls: "".join(l + "\n" for l in ls).replace("→", "\t")
            examples.append(dict(number=len(examples) + 1, line=start, section=section, tags=tags,
                                 markdown=join(md), html=join(out)))
        elif state == 2:
            out.append(line)
    return examples


# --- a light normalizer of our own (only for the second count) ---------------------------------
BLOCK = set("address article aside blockquote body caption col colgroup dd details div dl dt fieldset "
            "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section "
            "summary table tbody td tfoot th thead tr ul input sup".split()) - {"input", "sup"}


class _Norm(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.pre = [], 0

    def _tag(self, tag, attrs):
        attrs = sorted(attrs)
        return "<" + tag + "".join(f' {k}="{v}"' if v is not None else f" {k}" for k, v in attrs) + ">"

    def handle_starttag(self, tag, attrs):
        self.pre += tag == "pre"
        self.parts.append(("block" if tag in BLOCK else "inline", self._tag(tag, attrs)))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.parts.append(("block" if tag in BLOCK else "inline", f"</{tag}>"))
        self.pre -= tag == "pre"

    def handle_data(self, data):
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
        self.parts.append(("data", data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")))

    def handle_comment(self, data):
        self.parts.append(("inline", f"<!--{data}-->"))

    def handle_decl(self, decl):
        self.parts.append(("inline", f"<!{decl}>"))

    handle_pi = lambda self, d: self.parts.append(("inline", f"<?{d}>"))
    unknown_decl = handle_decl


def normalize(s):
    p = _Norm()
    try:
        p.feed(s)
        p.close()
    except Exception:
        return s
    out = []
    for i, (kind, text) in enumerate(p.parts):
        if kind == "data":
            if i > 0 and p.parts[i - 1][0] == "block":
                text = text.lstrip()
            if i + 1 < len(p.parts) and p.parts[i + 1][0] == "block":
                text = text.rstrip()
        out.append(text)
    return "".join(out).strip()


# --- configurations ------------------------------------------------------------------------------
CM, GFM = libs.Cmark(), libs.CmarkGFM()
U, FN = libs.OPT_UNSAFE, libs.OPT_FOOTNOTES
ALL = libs.GFM_EXTENSIONS
NO_TAGFILTER = [e for e in ALL if e != "tagfilter"]


def tagged_extensions(ex, file):
    """What cmark-gfm's own test runner enables: the example's tags in the GFM spec (`disabled`
    marks the task-list examples, which cmark-gfm's runner skips; here they get `tasklist`), every
    extension and footnotes for extensions.txt."""
    if file == "ext":
        return ALL, U | FN
    exts = [t for t in ex["tags"] if t in ALL] + (["tasklist"] if "disabled" in ex["tags"] else [])
    return exts, U


CONFIGS = {
    "cmark": ("cmark 0.30.2, UNSAFE", lambda ex, f: CM.html(ex["markdown"].encode(), U)),
    "gfm-none": ("cmark-gfm, UNSAFE, no extensions", lambda ex, f: GFM.html(ex["markdown"].encode(), U)),
    "gfm-tagged": ("cmark-gfm, UNSAFE, the example's own extensions (as cmark-gfm's test runner)",
                   lambda ex, f: GFM.html(ex["markdown"].encode(), tagged_extensions(ex, f)[1],
                                          tagged_extensions(ex, f)[0])),
    "gfm-all": ("cmark-gfm, UNSAFE|FOOTNOTES, table strikethrough autolink tagfilter tasklist",
                lambda ex, f: GFM.html(ex["markdown"].encode(), U | FN, ALL)),
    "gfm-all-notagfilter": ("cmark-gfm, UNSAFE|FOOTNOTES, all but tagfilter",
                            lambda ex, f: GFM.html(ex["markdown"].encode(), U | FN, NO_TAGFILTER)),
}

GROUPS = [
    ("cm030", "CommonMark 0.30 spec (652)", lambda ex: True,
     ["cmark", "gfm-none", "gfm-all", "gfm-all-notagfilter"]),
    ("gfmspec", "GFM 0.29 spec: extension examples (table, strikethrough, autolink, tagfilter, disabled=tasklist)",
     lambda ex: bool(ex["tags"]), ["cmark", "gfm-tagged", "gfm-all", "gfm-all-notagfilter"]),
    ("gfmspec", "GFM 0.29 spec: its CommonMark 0.29 examples (untagged)", lambda ex: not ex["tags"],
     ["cmark", "gfm-none", "gfm-all", "gfm-all-notagfilter"]),
    ("ext", "cmark-gfm extensions.txt", lambda ex: True, ["cmark", "gfm-all", "gfm-all-notagfilter"]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", help="CONFIG:FILE:NUMBER, e.g. gfm-all:cm030:9")
    ap.add_argument("--list", action="store_true", help="list failing examples with line and section")
    args = ap.parse_args()
    examples = {k: read_examples(v) for k, v in FILES.items()}
    print(f"cmark {CM.version_string}; cmark-gfm {GFM.version_string}")
    if args.show:
        config, file, number = args.show.split(":")
        ex = examples[file][int(number) - 1]
        got = CONFIGS[config][1](ex, file)
        print(f"{file} example {ex['number']} (line {ex['line']}, {ex['section']}, tags {ex['tags']})")
        print("--- markdown\n" + ex["markdown"] + "--- expected\n" + ex["html"] + "--- " + config + "\n" + got, end="")
        print("--- exact:", got == ex["html"], " normalized:", normalize(got) == normalize(ex["html"]))
        return
    for file, title, select, configs in GROUPS:
        chosen = [ex for ex in examples[file] if select(ex)]
        print(f"\n## {title}: {len(chosen)} examples ({FILES[file]})")
        print(f"{'configuration':24} {'exact':>9} {'normalized':>11}  failing (exact)")
        for c in configs:
            fails, nfails = [], []
            for ex in chosen:
                got = CONFIGS[c][1](ex, file)
                if ex["html"].strip() == "<IGNORE>":  # cmark-gfm's convention: passes if it does not crash
                    continue
                if got != ex["html"]:
                    fails.append(ex)
                    if normalize(got) != normalize(ex["html"]):
                        nfails.append(ex)
            n = len(chosen)
            nums = " ".join(str(e["number"]) + ("" if e in nfails else "*") for e in fails)
            print(f"{c:24} {n - len(fails):>4}/{n:<4} {n - len(nfails):>6}/{n:<4}  {nums}")
            if args.list:
                for e in fails:
                    print(f"      {e['number']:>4} line {e['line']:>5} {e['section']}"
                          + ("" if e in nfails else " (normalized equal)"))
    print("\n* = differs only in rendering details (equal after normalization)")
    print("An expected output of <IGNORE> (extensions.txt example 20) passes when the parser returns, as in"
          " cmark-gfm's own test runner.")
    for c, (desc, _) in CONFIGS.items():
        print(f"  {c}: {desc}")


if __name__ == "__main__":
    sys.exit(main())
