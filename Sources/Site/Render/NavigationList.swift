import Foundation
import Mustache

/// The navigation list of every page, rendered once per build instead of once per page.
///
/// Every page lists every page, so rendering the layout's `{{#navigation}}` section through Mustache for
/// each page costs N² item renders (1,000 pages: a million, most of a cold build). The list differs from
/// page to page only in which entry is current, so this renders each entry twice (current or not) and
/// joins the pieces for each page.
///
/// The layout sees `navigation` as a Mustache lambda: a `{{#navigation}}…{{/navigation}}` section hands
/// the lambda its inner text, which is rendered once per entry with the entry's keys over the page-wide
/// ones. That is the same output as iterating a list only when the section reads nothing page-specific,
/// so ``SiteTemplates`` allows it only for sections whose tags name the entry's keys (`title`, `href`,
/// `current`) or the page-independent `root`, `assets` and `site`, and only after rendering a sample
/// both ways gave the same bytes; otherwise pages get the plain list.
final class NavigationList: @unchecked Sendable {
    /// The names a memoized section may read: an entry's keys and the values shared by every page.
    static let readableNames: Set<String> = ["title", "href", "current", "root", "assets", "site"]

    private let entries: [[String: Any]]
    private let shared: [String: Any]
    private let lock = NSLock()
    /// Section text → its entries rendered.
    private var rendered: [String: RenderedEntries] = [:]

    /// The entries of one section, rendered as UTF-8: all of them not current, joined, and each one
    /// current. Bytes, so that cutting between entries never depends on where characters begin.
    private struct RenderedEntries {
        var joined: [UInt8] = []
        /// Where each entry starts in `joined`, and where the last ends.
        var offsets: [Int] = [0]
        var current: [[UInt8]] = []
    }

    /// `entries`: title and href of each page, in order; `shared`: the page-independent values
    /// (`root`, `assets`, `site`).
    init(entries: [[String: Any]], shared: [String: Any]) {
        self.entries = entries
        self.shared = shared
    }

    /// The plain list, as Mustache iterates it: `current` true for the entry at `current`.
    static func plain(_ entries: [[String: Any]], current: Int?) -> [[String: Any]] {
        var list = entries.map { $0.merging(["current": false]) { _, new in new } }
        if let current { list[current]["current"] = true }
        return list
    }

    /// The value to give the layout as `navigation` for the page at `current` (nil: no page is current).
    func lambda(current: Int?) -> MustacheLambda {
        MustacheLambda { [self] (text: String) -> Any? in
            let pieces = self.pieces(for: text)
            guard let current, current < pieces.current.count else {
                return RenderedHTML(html: String(decoding: pieces.joined, as: UTF8.self))
            }
            // Everything before the current entry, the current entry, everything after: three copies.
            var html: [UInt8] = []
            html.reserveCapacity(pieces.joined.count + pieces.current[current].count)
            html += pieces.joined[..<pieces.offsets[current]]
            html += pieces.current[current]
            html += pieces.joined[pieces.offsets[current + 1]...]
            return RenderedHTML(html: String(decoding: html, as: UTF8.self))
        }
    }

    private func pieces(for text: String) -> RenderedEntries {
        lock.lock()
        defer { lock.unlock() }
        if let known = rendered[text] { return known }
        var pieces = RenderedEntries()
        if let template = try? MustacheTemplate(string: text) {
            for entry in entries {
                var context = shared.merging(entry) { _, new in new }
                context["current"] = false
                pieces.joined += template.render(context).utf8
                pieces.offsets.append(pieces.joined.count)
                context["current"] = true
                pieces.current.append(Array(template.render(context).utf8))
            }
        }
        rendered[text] = pieces
        return pieces
    }

    /// Whether every `{{#navigation}}` section in `text` reads only ``readableNames`` (and `text` keeps the
    /// standard delimiters, so the scan reads its tags right).
    static func sectionsAreMemoizable(in text: String) -> Bool {
        guard !text.contains("{{=") else { return false }
        var rest = text[...]
        while let open = rest.range(of: "{{#navigation}}") {
            guard let close = rest[open.upperBound...].range(of: "{{/navigation}}") else { return false }
            for tag in tags(in: rest[open.upperBound..<close.lowerBound]) where !isReadable(tag) { return false }
            rest = rest[close.upperBound...]
        }
        return true
    }

    /// The tags' contents (between `{{` and `}}`, a triple mustache's braces included).
    private static func tags(in text: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = text
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                found.append(rest[open.upperBound...])
                break
            }
            found.append(rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// A variable, section or comment tag whose name (or dotted name's first part) is readable.
    private static func isReadable(_ tag: Substring) -> Bool {
        var body = tag.trimmingCharacters(in: .whitespaces)[...]
        if body.hasPrefix("!") { return true }
        if let first = body.first, "#^/&{".contains(first) { body = body.dropFirst() }
        if body.hasSuffix("}") { body = body.dropLast() }
        let name = body.trimmingCharacters(in: .whitespaces)
        let head = name.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return readableNames.contains(head)
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
    }
}

/// HTML a lambda returns to be written as it is: swift-mustache re-parses a lambda's `String` result as a
/// template, but writes any other value's description unchanged.
struct RenderedHTML: CustomStringConvertible {
    let html: String
    var description: String { html }
}
