// Fuzzes front matter: the input is the YAML between the `---` lines of a page (so every input
// reaches Yams and FrontMatter.swift), read as a page is (MarkdownDocument.parse), then through
// every typed accessor, Site's PageMetadata.read (which judges the keys) and the diagnostic renderer.
import Diagnostics
import FuzzSupport
import Markdown
@testable import Site

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let source = "---\n" + fuzzText(start, count) + "\n---\n\n# Body\n"
    let (document, parseDiagnostics) = MarkdownDocument.parse(source, file: "fuzz.md")
    let frontMatter = document.frontMatter
    for entry in frontMatter.entries {
        _ = frontMatter.string(entry.key)
        _ = frontMatter.int(entry.key)
        _ = frontMatter.double(entry.key)
        _ = frontMatter.bool(entry.key)
    }
    let (_, metadataDiagnostics) = PageMetadata.read(frontMatter)
    let renderer = DiagnosticRenderer()
    for diagnostic in parseDiagnostics + metadataDiagnostics { _ = renderer.render(diagnostic, source: source) }
    return 0
}
