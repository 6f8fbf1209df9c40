#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into Fuzz/Corpus/<target>/ from real inputs, and their
dictionaries into Fuzz/Dictionaries/<target>.dict.

Sources: the site's pages (Content/*.md), the test fixtures and tests (Tests/), the theme's template
(Templates/layout.mustache) and, when present, the shared test data beside the project
(../shared/testdata: the CommonMark 0.30 spec examples, the KaTeX/Temml math cases). Deterministic: the
same sources give the same files. Each file is named by a digest of its bytes, as libFuzzer names the
inputs it adds, so a seed is kept once. Run it from anywhere: `python3 Fuzz/make-corpus.py`; it replaces
the seed folders it writes (files libFuzzer added during a run live elsewhere, see Scripts/fuzz.sh).
"""
import hashlib
import pathlib
import re
import shutil

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
SHARED = ROOT.parent / "shared" / "testdata"
MAX_SEED = 4096  # bytes; libFuzzer's default -max_len follows the largest seed


def write(target, seeds, limit):
    folder = FUZZ / "Corpus" / target
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    kept = {}
    for seed in seeds:
        data = seed.encode() if isinstance(seed, str) else seed
        if not data or len(data) > MAX_SEED:
            continue
        kept.setdefault(hashlib.sha1(data).hexdigest(), data)
    names = sorted(kept)
    if len(names) > limit:  # an even sample, in digest order
        step = len(names) / limit
        names = [names[int(i * step)] for i in range(limit)]
    for name in names:
        (folder / name).write_bytes(kept[name])
    print(f"{target}: {len(names)} seeds, {sum(len(kept[n]) for n in names)} bytes")


def pages():
    yield from sorted(ROOT.glob("Content/*.md"))
    yield from sorted(ROOT.glob("Tests/SiteTests/Fixtures/*/Content/*.md"))


def sections(text):
    """A page cut before each heading, the front matter kept with the first piece."""
    pieces, current = [], []
    fence = False
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fence = not fence
        if not fence and line.startswith("#") and current:
            pieces.append("".join(current))
            current = []
        current.append(line)
    pieces.append("".join(current))
    return pieces


def spec_examples(path):
    if not path.exists():
        return []
    fence = "`" * 32
    examples = re.findall(fence + r" example[^\n]*\n(.*?)\n\.\n.*?" + fence, path.read_text(), re.S)
    return [e.replace("→", "\t") for e in examples]


def swift_strings(path):
    """String literals of a Swift test file: raw #"…"# ones as written, plain "…" ones unescaped simply."""
    text = path.read_text()
    for raw in re.findall(r'#"(.*?)"#', text):
        yield raw
    for plain in re.findall(r'(?<![#\\])"((?:[^"\\\n]|\\.)*)"', text):
        yield plain.replace("\\\\", "\x00").replace("\\n", "\n").replace('\\"', '"').replace("\x00", "\\")


def math_spans(text):
    yield from re.findall(r"\$\$(.+?)\$\$", text, re.S)
    yield from re.findall(r"(?<![$\\])\$([^$\s][^$\n]*?[^$\s\\]|[^$\s])\$(?![\d$])", text)


def main():
    page_texts = [p.read_text() for p in pages()]
    spec = spec_examples(SHARED / "commonmark" / "spec-0.30.txt")

    # Pages: the site's pages in pieces, the fixtures' pages, and CommonMark's examples.
    page_seeds = [piece for text in page_texts for piece in sections(text)] + page_texts + spec
    write("FuzzMarkdownPage", page_seeds, 300)

    # The inline scanner sees one paragraph's text: paragraphs with math, backticks or dollars.
    paragraphs = [p for text in page_texts for p in text.split("\n\n") if re.search(r"[$`\\<]", p)]
    paragraphs += [e for e in spec if "`" in e or "\\" in e or "<" in e]
    paragraphs += ["$x$", "$$x$$", "`{swift} 1 + 2`", "``{swift} a`b``", "$\\text{$a$}$", "\\$5 and $6", "$ x $"]
    write("FuzzInlineScanner", paragraphs, 200)

    # Front matter: the YAML between the dashes of every page, and YAML that pages could hold.
    front = [m.group(1) for text in page_texts for m in [re.match(r"---\n(.*?)\n(?:---|\.\.\.)\n", text, re.S)] if m]
    front += [
        "title: A page\norder: 2\ndigits: 6\ndraft: false",
        "title: \"Quoted: yes\"\nauthor: 'A. Author'\ndate: 2026-12-04\ndescription: >\n  folded\n  text",
        "timeout: 2.5\ndigits: 17\norder: -1",
        "title: [a, b]\ndigits: {x: 1}",
        "base: &b {title: T}\npage:\n  <<: *b\n  order: 1",
        "title: &a x\nauthor: *a",
        "? complex\n: key",
        "title: !!str 12\ndigits: !!int '3'",
        "list:\n  - 1\n  - two\n  - [3, 4]",
        "title: |\n  literal\n  block",
        "%YAML 1.2\n---\ntitle: directive",
        "title: x\n---\ntitle: second document",
        "digits: 0x1F\norder: 1_000\ntimeout: .inf",
        "draft: yes\ndraft: no",
    ]
    site_yml = [p.read_text() for p in ROOT.glob("Content/site.yml")] + [
        p.read_text() for p in ROOT.glob("Tests/SiteTests/Fixtures/*/Content/site.yml")
    ]
    write("FuzzFrontMatter", front + site_yml, 60)

    # Math: the converter's tests, the KaTeX/Temml cases, and the pages' equations.
    math = []
    for path in sorted(ROOT.glob("Tests/MathMLTests/*.swift")):
        math += [s for s in swift_strings(path) if "\\" in s or "^" in s or "_" in s]
    tsv = SHARED / "math" / "katex-temml-cases.tsv"
    if tsv.exists():
        for line in tsv.read_text().splitlines():
            fields = line.split("\t")
            if not line.startswith("#") and len(fields) > 2:
                math.append(fields[2])
    for text in page_texts:
        math += list(math_spans(text))
    write("FuzzMathML", math, 300)

    # Stated values: what follows the arrows in pages and tests, and the forms the parser knows.
    stated = []
    for text in page_texts + [p.read_text() for p in sorted(ROOT.glob("Tests/EvaluatorTests/*.swift"))]:
        stated += [v.strip() for v in re.findall(r"(?://\s*)?(?:→|=>)\s*([^\n`\"]+)", text)]
    stated += [
        "0.936", "-1.5e-5", "3", "nan", "-inf", "∞", "true", "\"a \\\"b\\\"\\n\"", "[]", "[1, 2, 3]",
        "[[1, 2], [3, 4]]", "[0.1,\n// 0.9]", "[[1.0, 2.0],\n   //  [3.0, 4.0]]", "1e400", "+.5", "[true, false]",
        "[\"a\", \"b\"]", "[[1], [2, 3]]", "[1, [2]]",
    ]
    write("FuzzStatedValue", [s for s in stated if "\\(" not in s], 100)

    # Templates: folders of templates, files separated by NUL (layout, then partials a, b, c, d).
    layout = (ROOT / "Templates" / "layout.mustache").read_text()
    header, _, rest = layout.partition("<body>")
    templates = [
        layout,
        header + "<body>\n{{> a}}\n{{{page.content}}}\n{{> b}}\n</body>\n</html>\n\0"
        + "<nav>{{#navigation}}<a href=\"{{root}}{{href}}\">{{title}}</a>{{/navigation}}</nav>\0"
        + "<footer>{{site.title}} {{#next}}{{title}}{{/next}}</footer>",
        "{{<a}}{{$body}}{{{page.content}}}{{/body}}{{/a}}\0<html>{{$body}}default{{/body}}</html>",
        "{{#page.toc}}{{> a}}{{/page.toc}}\0<li>{{anchor}} {{{html}}}{{#children}}{{> a}}{{/children}}</li>",
        "{{=<% %>=}}<%page.title%> <%{page.content}%>",
        "{{! comment }}{{^pager}}no pager{{/pager}}{{#pager}}{{#previous}}{{href}}{{/previous}}{{/pager}}",
        "{{#navigation}}{{#current}}*{{/current}}{{title}}|{{/navigation}}",
        "{{page.title}}{{&page.heading}}{{{page.content}}}{{site.language}}{{assets}}{{canonical}}",
        "{{#site}}{{title}}{{description}}{{/site}}\0{{> c}}\0\0x",
        "{{> missing}}",
        "{{#unclosed}}",
        "{{",
    ]
    write("FuzzTemplates", templates, 40)

    write_dictionaries()


def dict_entry(token):
    escaped = "".join(
        "\\\\" if c == "\\" else '\\"' if c == '"' else c if 0x20 <= ord(c) < 0x7F else
        "".join(f"\\x{b:02X}" for b in c.encode())
        for c in token
    )
    return f'"{escaped}"'


def write_dictionary(target, tokens):
    folder = FUZZ / "Dictionaries"
    folder.mkdir(exist_ok=True)
    unique = sorted(set(tokens))
    lines = [f"# {target}: tokens for libFuzzer's -dict (written by Fuzz/make-corpus.py)"]
    lines += [dict_entry(t) for t in unique]
    (folder / f"{target}.dict").write_text("\n".join(lines) + "\n")
    print(f"{target}.dict: {len(unique)} tokens")


def write_dictionaries():
    markdown = [
        "```{swift}\n", "```\n", "```swift\n", "~~~", "`{swift} ", "`", "``", "$", "$$", "\\$", "\\text{",
        "//| caption: ", "//| echo: false\n", "// \u2192 ", "// => ", "\u2192", "---\n", "...\n", "\n\n", "\r\n", "\t",
        "# ", "## ", "###### ", "=====\n", "-----\n", "> ", "- ", "* ", "+ ", "1. ", "2) ", "    ", "***", "___",
        "[", "]", "](", "![", "[x]: /url\n", "<", ">", "<div>", "</div>", "<!--", "-->", "<?", "?>", "<![CDATA[",
        "<http://a.b>", "&amp;", "&#35;", "&#x22;", "\\", "*", "_", "**", "|", "| --- |", "\\tag{1}", "\\label{a}",
        "\\eqref{a}", "\\swift{x}", "\\frac{a}{b}", "title: ", "digits: 3\n",
    ]
    write_dictionary("FuzzMarkdownPage", markdown)
    write_dictionary("FuzzInlineScanner", ["$", "$$", "`", "``", "```", "{swift}", "`{swift} ", "\\", "\\$",
        "\\text{", "}", "{", "<", ">", "<http://a.b>", "<a@b.c>", " ", "\t", "\n", "1", "a", "\\`"])
    write_dictionary("FuzzFrontMatter", [
        "title", "order", "digits", "draft", "author", "date", "description", "timeout", "base-url", "language",
        ": ", ":", "\n", "  ", "- ", "[", "]", "{", "}", ", ", "&a ", "*a", "<<: ", "? ", "!!str ", "!!int ", "!!map",
        "!!seq", "!tag ", "|", ">", "|-", ">+", "'", '"', "#", "---\n", "...\n", "%YAML 1.2\n", "%TAG ! !e\n", "~",
        "null", "true", "false", "yes", "no", ".inf", "-.inf", ".nan", "0x1F", "0o17", "1_000", "1e400", "2026-12-04",
        "\\u0041", "\\x41", "\t",
    ])
    commands = set()
    for path in sorted(ROOT.glob("Sources/MathML/*.swift")):
        commands.update(re.findall(r'"([A-Za-z]{2,}\*?)"', path.read_text()))
    # Not commands: the MathML element and attribute names the converter writes.
    commands -= set(
        "math mi mo mn mrow msub msup msubsup munder mover munderover mfrac msqrt mroot mtable mtr mtd mtext mspace "
        "mstyle mpadded menclose mphantom merror semantics annotation mathvariant stretchy display class style lspace "
        "rspace width height depth columnalign rowalign rowspacing columnspacing columnlines displaystyle scriptlevel "
        "accent accentunder movablelimits linethickness fence separator form largeop symmetric minsize maxsize href "
        "id true false normal block inline prefix postfix infix".split()
    )
    math = ["\\" + c for c in commands] + [
        "{", "}", "^", "_", "'", "&", "\\\\", "\\,", "\\;", "\\!", "\\{", "\\}", "\\|", "\\left(",
        "\\right)", "\\left.", "\\right.", "\\begin{", "\\end{", "matrix}", "pmatrix}", "bmatrix}", "cases}",
        "aligned}", "array}{cc}", "align}", "align*}", "split}", "gathered}", "smallmatrix}", "%", "\n", "$", "~",
        "0.34", "x", "\\tag{1}", "\\label{a}", "\\eqref{a}", "\\swift{x}", "\\swift{ab}", "\\text{",
    ]
    write_dictionary("FuzzMathML", math)
    write_dictionary("FuzzStatedValue", [
        "[", "]", ",", " ", "\t", '"', '\\"', "\\n", "\n// ", "\n", "//", "0.936", "-1.5e-5", "e-", "E+", "1e400",
        ".", "-", "+", "nan", "NaN", "-nan", "inf", "+inf", "-inf", "infinity", "-infinity", "\u221e", "-\u221e",
        "true", "false", "[[", "]]", "], [",
    ])
    write_dictionary("FuzzTemplates", [
        "{{", "}}", "{{{", "}}}", "{{#", "{{/", "{{^", "{{>", "{{<", "{{$", "{{!", "{{&", "{{=", "=}}", "<% %>",
        "\x00", "a", "b", "c", "d", "layout", "page", "site", "navigation", "title", "href", "current", "root",
        "assets", "content", "heading", "documentTitle", "description", "canonical", "toc", "hasTOC", "anchor",
        "html", "children", "hasChildren", "pager", "previous", "next", "author", "date", "name", "language",
        ".", "page.content", "page.toc", "{{#navigation}}", "{{/navigation}}", "{{> a}}", "{{> b}}", "{{<a}}",
        "{{$body}}", "{{/body}}", "\n", " ", "|", "first", "last", "index", "even", "odd", "reversed",
        "enumerated", "count", "empty", "lowercased", "uppercased",
    ])


if __name__ == "__main__":
    main()
