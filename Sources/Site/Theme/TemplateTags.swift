/// The tags of a Mustache template, read before swift-mustache parses it, so the build can check what
/// the library does not: partial names, and how deeply sections nest.
struct TemplateTag: Sendable, Hashable {
    /// The tag's first character after the opening delimiter (`#`, `^`, `/`, `>`, `<`, `$`, `!`, …), or
    /// nil for a variable such as `{{page.title}}`.
    var sigil: Character?
    /// The text after the sigil, trimmed.
    var name: String
    /// 1-based, columns in Unicode scalars, of the opening delimiter.
    var line: Int
    var column: Int

    /// The deepest sections may nest. swift-mustache parses and renders a section by recursion, one set
    /// of stack frames per level; 600 levels overflow a debug build's stack. Every other parser of the
    /// build stops at 64 too.
    static let maximumDepth = 64

    /// Every tag of `text` in order; set-delimiter tags (`{{=<% %>=}}`) are followed.
    static func scan(_ text: String) -> [TemplateTag] {
        var tags: [TemplateTag] = []
        let scalars = Array(text.unicodeScalars)
        var open = Array("{{".unicodeScalars)
        var close = Array("}}".unicodeScalars)
        func starts(_ delimiter: [Unicode.Scalar], at index: Int) -> Bool {
            index + delimiter.count <= scalars.count
                && scalars[index..<index + delimiter.count].elementsEqual(delimiter)
        }
        var line = 1
        var column = 1
        var index = 0
        func advance(to end: Int) {
            while index < end {
                if scalars[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }
        while index < scalars.count {
            guard starts(open, at: index) else {
                advance(to: index + 1)
                continue
            }
            // swift-mustache drops an opening delimiter that a line break follows and reads on after the
            // break, so `{{` at the end of a line does not swallow the tags of the next one.
            if index + open.count < scalars.count, Character(scalars[index + open.count]).isNewline {
                advance(to: index + open.count)
                continue
            }
            var end = index + open.count
            while end < scalars.count, !starts(close, at: end) { end += 1 }
            guard end < scalars.count else { break }
            let tag = String(String.UnicodeScalarView(scalars[(index + open.count)..<end]))
                .trimmingCharacters(in: .whitespaces)
            // Past this tag's own closing delimiter, whatever a set-delimiter tag changes it to.
            let tagEnd = end + close.count
            if tag.count >= 2, tag.hasPrefix("="), tag.hasSuffix("=") {
                let parts = tag.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true)
                if parts.count == 2 {
                    open = Array(parts[0].unicodeScalars)
                    close = Array(parts[1].unicodeScalars)
                }
            } else if let first = tag.first, "#^/><$!&{".contains(first) {
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                tags.append(TemplateTag(sigil: first, name: name, line: line, column: column))
            } else {
                tags.append(TemplateTag(sigil: nil, name: tag, line: line, column: column))
            }
            advance(to: tagEnd)
        }
        return tags
    }

    /// Whether the tag opens a section that a `{{/name}}` closes (`{{<parent}}` and `{{$block}}` do too).
    var opensSection: Bool { sigil.map { "#^<$".contains($0) } ?? false }
}
