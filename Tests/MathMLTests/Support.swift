import Diagnostics
import Foundation
import MathML
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML element as the tests see it: parsed back from the converter's output.
struct Element {
    var name: String
    var attributes: [String: String]
    var text: String
    var children: [Element]

    /// The element structure in a compact form: tokens as `mi x`, containers as `mfrac(mn 1, mi i)`.
    var structure: String {
        if children.isEmpty && ["mi", "mn", "mo", "mtext"].contains(name) {
            let tag = attributes["mathvariant"].map { "\(name):\($0)" } ?? name
            return text.isEmpty ? tag : "\(tag) \(text)"
        }
        return "\(name)(\(children.map(\.structure).joined(separator: ", ")))"
    }

    /// Every element of the tree, depth first.
    var all: [Element] { [self] + children.flatMap(\.all) }

    func count(_ name: String) -> Int { all.filter { $0.name == name }.count }

    /// The visible tags (`mrow class="tag"`) inside, in order: their text without the phantom copy.
    var tags: [String] {
        all.filter { $0.attributes["class"] == "tag" }.map { $0.children.last?.plainText ?? "" }
    }

    /// The text of all tokens inside, in order.
    var plainText: String { children.isEmpty ? text : children.map(\.plainText).joined() }
}

/// Parses `xml` with Foundation's XML parser; failure means the output is not well-formed.
func parseXML(_ xml: String) throws -> Element {
    let document = try XMLDocument(xmlString: xml, options: [])
    guard let root = document.rootElement() else { throw CocoaError(.coderReadCorrupt) }
    return convert(root)
}

private func convert(_ node: XMLElement) -> Element {
    var attributes: [String: String] = [:]
    for attribute in node.attributes ?? [] {
        attributes[attribute.name ?? ""] = attribute.stringValue ?? ""
    }
    let children = (node.children ?? []).compactMap { $0 as? XMLElement }.map(convert)
    return Element(
        name: node.name ?? "", attributes: attributes, text: children.isEmpty ? node.stringValue ?? "" : "",
        children: children)
}

let here = SourceLocation(file: "page.md", line: 10, column: 5)

/// TeX with positions marked as 1️⃣ … 9️⃣, starting at `here` as the converter's input does.
func marked(_ tex: String) -> MarkedText { MarkedText(tex, at: here) }

/// Converts `tex` and parses the result back; fails the test when the output is not well-formed.
func render(
    _ tex: String, display: Bool = true, context: MathContext = MathContext()
) throws -> (RenderedMath, Element) {
    let rendered = try MathMLConverter().convert(tex, display: display, at: here, context: context)
    return (rendered, try parseXML(rendered.mathml))
}

/// The structure of the `<math>` element's content for `tex`.
func structure(_ tex: String, display: Bool = true, context: MathContext = MathContext()) throws -> String {
    let (_, math) = try render(tex, display: display, context: context)
    return math.children.map(\.structure).joined(separator: ", ")
}

/// The diagnostics converting `tex` throws (empty when it converts).
func problems(_ tex: String, display: Bool = true, context: MathContext = MathContext()) -> [Diagnostic] {
    do {
        _ = try MathMLConverter().convert(tex, display: display, at: here, context: context)
        return []
    } catch {
        return error.diagnostics
    }
}
