import Mustache
import TestSupport
import Testing

@testable import Site

/// The build's tag scan against swift-mustache's own parse: for random templates that the library
/// accepts, the partials the scan finds and the depth its sections reach must be the library's. Any
/// difference is a way past the partial-cycle and nesting checks (FuzzTemplates found two).
@Suite struct TemplateScanAgreementTests {
    /// Pieces chosen around the parser's rules: delimiters, line breaks, whitespace, sigils, a combining
    /// mark, name characters and set-delimiter tags.
    static let pieces = [
        "{{", "}}", "{{> a}}", "{{>b}}", "{{< a}}", "{{/a}}", "{{#s}}", "{{/s}}", "{{^s}}", "{{$x}}", "{{/x}}",
        "{{! c }}", "{{{v}}}", "{{&v}}", "{{=<% %>=}}", "{{=<%\t%>=}}", "<%", "%>", "<%> a %>", "<%#s%>", "<%/s%>",
        "<%=[ ]=%>", "[> b]", "[#s]", "[/s]", "\n", "\r\n", " ", "\t", "\u{301}", "a", "b", "s", "x", ">", "<", "#",
        "/",
        "=", "!", "{", "}", "*", "%", "{{>*a}}", "{{% CONTENT_TYPE: TEXT }}",
    ]

    @Test func theScanFindsWhatTheLibraryParses() {
        var random = SplitMix64(seed: 0x7E3D_1A2B)
        var compared = 0
        for _ in 0..<4_000 {
            let count = Int(random.next() % 14) + 1
            let text = (0..<count).map { _ in Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }.joined()
            // As the build does: templates the library would trap on are refused before it parses them.
            guard SiteTemplates.delimiterProblems(in: text, path: "t.mustache").isEmpty,
                let template = try? MustacheTemplate(string: text)
            else { continue }
            compared += 1
            var library = (partials: [String](), depth: 0)
            Self.walk(template, depth: 0, into: &library)
            let tags = TemplateTag.scan(text)
            let partials = tags.filter { $0.sigil == ">" || $0.sigil == "<" }.map(\.name)
            var depth = 0
            var deepest = 0
            for tag in tags {
                if tag.opensSection {
                    depth += 1
                    deepest = max(deepest, depth)
                } else if tag.sigil == "/" {
                    depth -= 1
                }
            }
            #expect(partials.sorted() == library.partials.sorted(), "\(text.debugDescription)")
            #expect(deepest == library.depth, "\(text.debugDescription)")
        }
        #expect(compared > 1_000, "too few templates parsed to compare: \(compared)")
    }

    /// The library's token tree, read by reflection (its tokens are internal): every partial's name
    /// (`*name` for a dynamic one) and the deepest section.
    static func walk(_ template: MustacheTemplate, depth: Int, into result: inout (partials: [String], depth: Int)) {
        result.depth = max(result.depth, depth)
        guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value
        else { return }
        for token in Mirror(reflecting: tokens).children.map(\.value) {
            guard let (kind, payload) = Mirror(reflecting: token).children.first.map({ ($0.label, $0.value) }) else {
                continue
            }
            let parts = Mirror(reflecting: payload).children.map { ($0.label, $0.value) }
            switch kind {
            case "section", "invertedSection", "blockDefinition", "blockExpansion":
                for case (_, let inner as MustacheTemplate) in parts { walk(inner, depth: depth + 1, into: &result) }
            case "partial", "dynamicNamePartial":
                guard let name = parts.first?.1 as? String else { continue }
                result.partials.append((kind == "dynamicNamePartial" ? "*" : "") + name)
                let inherits = parts.first { $0.0 == "inherits" }?.1 as? [String: MustacheTemplate]
                if let inherits {
                    // `{{< parent}}` is a section, and each `{{$block}}` in it another.
                    result.depth = max(result.depth, depth + 1)
                    for block in inherits.values { walk(block, depth: depth + 2, into: &result) }
                }
            default: continue
            }
        }
    }
}
