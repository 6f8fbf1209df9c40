// Fuzzes the template layer (Sources/Site/Theme/SiteTemplates.swift over swift-mustache) as a build uses it:
// the input is a templates folder, its files separated by NUL bytes (`layout.mustache`, then partials
// named `a`, `b`, `c`, `d`), written to a scratch folder and loaded with `SiteTemplates.load` (parse,
// partial checks, the navigation sample render), then three pages, the generated index, 404.html and
// the sitemap rendered by `SiteRenderer`. Internal types, hence `@testable` (the fuzz build passes
// -enable-testing). Diagnostics thrown are normal results.
import Foundation
import FuzzSupport

@testable import Site

private let names = ["layout", "a", "b", "c", "d"]
private let folder: String = {
    let template = NSTemporaryDirectory() + "/literate-fuzz-templates-XXXXXX"
    var path = Array(template.utf8CString)
    guard mkdtemp(&path) != nil else { fatalError("cannot make a scratch folder from \(template)") }
    let made = String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    atexit { try? FileManager.default.removeItem(atPath: folder) }
    return made
}()

private let pages = [
    PageSummary(name: "index", title: "Home & <start>", metadata: PageMetadata()),
    PageSummary(name: "why-softmax", title: "Why softmax?", metadata: PageMetadata()),
    PageSummary(name: "notes", title: "Notes \"quoted\"", metadata: PageMetadata()),
]
private let bodies = [
    "<h1>Home</h1>\n<p>Text</p>\n",
    "<h1>Why <em>softmax</em>?</h1>\n<h2 id=\"one\">One</h2>\n<p>x</p>\n<h3 id=\"two\">Two <a href=\"#x\">link</a></h3>\n",
    "<p>No heading</p>\n",
]
/// The second page's table of contents, as the body stage gives it.
private let contents: [TableOfContents.Entry] = [
    .init(level: 2, anchor: "one", html: "One"), .init(level: 3, anchor: "two", html: "Two link"),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplates(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let sections = fuzzBytes(start, count).split(
        separator: 0, maxSplits: names.count - 1, omittingEmptySubsequences: false)
    for name in names { unlink(folder + "/\(name).mustache") }
    for (name, bytes) in zip(names, sections) {
        // As an editor would save it: valid UTF-8 (SiteTemplates reports a file it cannot decode).
        let text = String(decoding: bytes, as: UTF8.self)
        guard FileManager.default.createFile(atPath: folder + "/\(name).mustache", contents: Data(text.utf8)) else {
            fatalError("cannot write into \(folder)")
        }
    }
    guard let templates = try? SiteTemplates.load(from: folder) else { return 0 }
    for configuration in [
        SiteConfiguration(),
        SiteConfiguration(title: "Site", description: "About <it>", baseURL: "https://example.org/docs/"),
    ] {
        // Every file a build lays out: the pages, the generated index, 404 and sitemap.
        let renderer = SiteRenderer(templates: templates, pages: pages, configuration: configuration)
        for index in pages.indices {
            _ = renderer.page(at: index, body: bodies[index], contents: index == 1 ? contents : [])
        }
        _ = renderer.generatedIndex()
        for file in renderer.extraFiles { _ = renderer.extraFile(named: file) }
    }
    return 0
}
