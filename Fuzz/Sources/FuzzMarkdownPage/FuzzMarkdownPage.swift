// Fuzzes a whole page through the Markdown layer as `literate` uses it (Site's Page.load and
// PageRenderer): `MarkdownDocument.parse`, then `html` with fills for every extension element, then
// every diagnostic rendered against the page with its source line and caret.
import Diagnostics
import FuzzSupport
import Markdown

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdownPage(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let source = fuzzText(start, count)
    let (document, diagnostics) = MarkdownDocument.parse(source, file: "fuzz.md")
    let locations =
        document.swiftBlocks.flatMap { [$0.location, $0.fenceLocation] } + document.inlineSwift.map(\.location)
        + document.math.map(\.location) + document.headings.map(\.location) + document.codeBlocks.map(\.location)
        + document.frontMatter.entries.flatMap { [$0.location, $0.valueLocation] }
    for location in locations where location.line < 1 || location.column < 1 {
        fuzzFailure("position \(location) before the start of the file")
    }
    // The fills PageRenderer gives, reduced to escaping: each element replaced by something visible.
    let fill = HTMLFill(
        swiftBlock: { "<pre data-block=\"\($0.index)\">\(HTMLFill.escape($0.code))</pre>\n" },
        inlineSwift: { "<code data-inline=\"\($0.index)\">\(HTMLFill.escape($0.code))</code>" },
        math: {
            $0.isBlock
                ? "<math display=\"block\">\(HTMLFill.escape($0.tex))</math>\n"
                : "<math>\(HTMLFill.escape($0.tex))</math>"
        },
        codeBlock: { $0.info.isEmpty ? nil : "<pre>\(HTMLFill.escape($0.code))</pre>\n" }
    )
    _ = document.html(fill)
    _ = document.html(options: HTMLOptions(headingAnchors: false))
    let renderer = DiagnosticRenderer()
    for diagnostic in diagnostics { _ = renderer.render(diagnostic, source: source) }
    return 0
}
