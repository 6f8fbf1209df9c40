import Diagnostics

// Positions throughout this module: lines are those of the .md file (front matter lines count),
// columns are 1-based and count Unicode scalars of the line, so a tab or an `é` is one column.

/// A fenced code block whose info string is exactly `{swift}`: code the generator runs.
public struct SwiftBlock: Sendable, Hashable {
    /// Position among the page's `{swift}` blocks, from 0.
    public var index: Int
    /// The block body exactly as cmark gives it (container indentation removed, final newline kept).
    public var code: String
    /// Where the first character of the body's first line is in the file.
    public var location: SourceLocation
    /// Where the opening fence starts.
    public var fenceLocation: SourceLocation

    public init(index: Int, code: String, location: SourceLocation, fenceLocation: SourceLocation) {
        self.index = index
        self.code = code
        self.location = location
        self.fenceLocation = fenceLocation
    }
}

/// An inline code span whose content starts with `{swift}`, such as `` `{swift} softmax(z)[2]` ``.
public struct InlineSwift: Sendable, Hashable {
    /// Position among the page's inline `{swift}` spans, from 0.
    public var index: Int
    /// The text after `{swift}`, without the single space that separates them.
    public var code: String
    /// Where the first character of `code` is in the file.
    public var location: SourceLocation
    /// The whole code span content as CommonMark renders it (`{swift} …`), for a fallback rendering.
    public var spanContent: String

    public init(index: Int, code: String, location: SourceLocation, spanContent: String) {
        self.index = index
        self.code = code
        self.location = location
        self.spanContent = spanContent
    }
}

/// TeX math found in prose: `$…$` (inline) or `$$…$$` (display).
public struct MathSpan: Sendable, Hashable {
    /// Position among the page's math spans, from 0.
    public var index: Int
    /// The text between the delimiters, byte for byte (continuation lines of a paragraph lose their
    /// indentation and block-quote markers, as CommonMark paragraph content does).
    public var tex: String
    /// True for `$$…$$`.
    public var display: Bool
    /// True when this display math is a paragraph on its own; its HTML then replaces the paragraph.
    public var isBlock: Bool
    /// Where the first character of `tex` is in the file.
    public var location: SourceLocation

    public init(index: Int, tex: String, display: Bool, isBlock: Bool = false, location: SourceLocation) {
        self.index = index
        self.tex = tex
        self.display = display
        self.isBlock = isBlock
        self.location = location
    }

    /// The math as the author wrote it, delimiters included.
    public var source: String { display ? "$$\(tex)$$" : "$\(tex)$" }
}

/// A fenced or indented code block that is not a `{swift}` block.
public struct CodeBlock: Sendable, Hashable {
    /// The info string (trimmed, as cmark gives it); empty for indented blocks.
    public var info: String
    /// The block body exactly as cmark gives it.
    public var code: String
    /// Where the first character of the body's first line is in the file.
    public var location: SourceLocation

    public init(info: String, code: String, location: SourceLocation) {
        self.info = info
        self.code = code
        self.location = location
    }
}

/// A heading with the anchor id the HTML gives it.
public struct Heading: Sendable, Hashable {
    /// 1 to 6.
    public var level: Int
    /// Plain text: markup dropped, math as its TeX, inline `{swift}` as its code.
    public var text: String
    /// A stable slug of `text`: lowercase, punctuation dropped, spaces turned into `-`;
    /// a repeated slug gets `-1`, `-2`, … in document order.
    public var anchor: String
    /// Where the heading starts (its first `#`, or the first character of a setext heading's text).
    public var location: SourceLocation

    public init(level: Int, text: String, anchor: String, location: SourceLocation) {
        self.level = level
        self.text = text
        self.anchor = anchor
        self.location = location
    }
}
