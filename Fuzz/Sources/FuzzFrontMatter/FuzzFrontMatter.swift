// Fuzzes front matter: the input is the YAML between the `---` lines of a page (so every input
// reaches Yams and FrontMatter.swift), read as a page is (MarkdownDocument.parse), then through
// the typed accessors, Site's PageMetadata.read (which judges the keys) and the diagnostic renderer.
import Diagnostics
import FuzzSupport
import Markdown

@testable import Site

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let source = "---\n" + fuzzText(start, count) + "\n---\n\n# Body\n"
    let (document, parseDiagnostics) = MarkdownDocument.parse(source, file: "fuzz.md")
    let frontMatter = document.frontMatter
    // The accessors look a key up by a linear search, as callers ask for a few known keys: asking for
    // every key would make this harness, not the code under test, quadratic.
    for key in PageMetadata.knownKeys + frontMatter.entries.prefix(2).map(\.key) {
        _ = frontMatter.string(key)
        _ = frontMatter.int(key)
        _ = frontMatter.double(key)
        _ = frontMatter.bool(key)
    }
    let (_, metadataDiagnostics) = PageMetadata.read(frontMatter)
    let renderer = DiagnosticRenderer()
    for diagnostic in parseDiagnostics + metadataDiagnostics { _ = renderer.render(diagnostic, source: source) }
    return 0
}
