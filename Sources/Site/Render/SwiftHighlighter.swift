import Evaluator
import Markdown
import Markup
import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Build-time syntax highlighting of Swift code from swift-syntax's own token classification.
///
/// The code is parsed with `SwiftParser` (code that does not parse is still classified token by token, so
/// a half-written example is highlighted as far as it goes) and every classified range becomes a
/// `<span class="hl-…">` around its escaped text; unclassified text (identifiers, punctuation, whitespace)
/// is escaped and left bare. The text content of the result is always the code, byte for byte.
///
/// Classes, styled in `Templates/assets/style.css` for light and dark pages:
/// `hl-keyword`, `hl-type`, `hl-number`, `hl-string`, `hl-comment` (including stated values such as
/// `// → 0.5`), `hl-label` (argument labels), `hl-attribute` (`@attr` and modifiers) and `hl-directive`
/// (`#if` and friends).
enum SwiftHighlighter {
    /// The code as HTML: escaped text with classified ranges wrapped in spans (no `<pre>` or `<code>`).
    ///
    /// `parsed` is a tree the evaluator already made of a text whose bytes from `offset` on begin with
    /// `code` (a block whose option lines come first); without it the code is parsed here.
    static func html(_ code: String, parsed: (tree: SourceFileSyntax, offset: Int)? = nil) -> String {
        // Code nested too deeply for swift-syntax to parse quickly (the evaluator's guard) is shown plain:
        // a ```swift block is not checked by the evaluator, and 18 nested brackets took seconds to parse.
        if parsed == nil, BracketDepth.problem(in: code) != nil { return HTML.escape(code) }
        let bytes = Array(code.utf8)
        let tree = parsed?.tree ?? Parser.parse(source: code)
        let shift = parsed?.offset ?? 0
        var html = ""
        html.reserveCapacity(bytes.count * 2)
        var position = 0
        func text(_ range: Range<Int>) -> String {
            HTML.escape(String(decoding: bytes[range], as: UTF8.self))
        }
        for classified in tree.classifications {
            let start = min(max(classified.range.lowerBound.utf8Offset - shift, position), bytes.count)
            let end = min(max(classified.range.upperBound.utf8Offset - shift, start), bytes.count)
            guard start < end, let name = cssClass(classified.kind) else { continue }
            if position < start { html += text(position..<start) }
            html += "<span class=\"\(name)\">\(text(start..<end))</span>"
            position = end
        }
        if position < bytes.count { html += text(position..<bytes.count) }
        return html
    }

    /// The code in a `<pre><code>` block, highlighted; `preClass` is the `<pre>` element's class, if any.
    static func block(
        _ code: String, preClass: String? = nil, parsed: (tree: SourceFileSyntax, offset: Int)? = nil
    ) -> String {
        let attribute = preClass.map { " class=\"\(HTML.escape($0))\"" } ?? ""
        return "<pre\(attribute)><code class=\"language-swift\">\(html(code, parsed: parsed))</code></pre>\n"
    }

    /// The class for a classification, or nil for text that is shown plain.
    static func cssClass(_ kind: SyntaxClassification) -> String? {
        switch kind {
        case .keyword: return "hl-keyword"
        case .type: return "hl-type"
        case .integerLiteral, .floatLiteral: return "hl-number"
        case .stringLiteral, .regexLiteral: return "hl-string"
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: return "hl-comment"
        case .argumentLabel: return "hl-label"
        case .attribute: return "hl-attribute"
        case .ifConfigDirective: return "hl-directive"
        case .identifier, .dollarIdentifier, .operator, .editorPlaceholder, .none: return nil
        @unknown default: return nil
        }
    }
}
