import Markup

/// What to put in the HTML in place of each extension element. Each closure returns raw HTML and
/// is called once per element, in document order.
public struct HTMLFill {
    /// Replaces a whole `{swift}` fenced block.
    public var swiftBlock: (SwiftBlock) -> String
    /// Replaces an inline `{swift}` code span, backticks included.
    public var inlineSwift: (InlineSwift) -> String
    /// Replaces math, delimiters included. For display math that is a paragraph on its own
    /// (`isBlock`), the result replaces the whole paragraph and is not wrapped in `<p>`.
    public var math: (MathSpan) -> String
    /// Replaces another fenced or indented code block; `nil` keeps cmark's rendering.
    public var codeBlock: ((CodeBlock) -> String?)?

    /// Defaults show the source escaped, as cmark would render it had the element not been
    /// recognised: `{swift}` blocks as `swift` code blocks, inline `{swift}` as code spans, math as
    /// its text (in a paragraph when it is one on its own).
    public init(
        swiftBlock: @escaping (SwiftBlock) -> String = HTMLFill.defaultSwiftBlock,
        inlineSwift: @escaping (InlineSwift) -> String = HTMLFill.defaultInlineSwift,
        math: @escaping (MathSpan) -> String = HTMLFill.defaultMath,
        codeBlock: ((CodeBlock) -> String?)? = nil
    ) {
        self.swiftBlock = swiftBlock
        self.inlineSwift = inlineSwift
        self.math = math
        self.codeBlock = codeBlock
    }

    public static func defaultSwiftBlock(_ block: SwiftBlock) -> String {
        "<pre><code class=\"language-swift\">\(HTML.escape(block.code))</code></pre>\n"
    }

    public static func defaultInlineSwift(_ span: InlineSwift) -> String {
        "<code>\(HTML.escape(span.spanContent))</code>"
    }

    public static func defaultMath(_ span: MathSpan) -> String {
        span.isBlock ? "<p>\(HTML.escape(span.source))</p>\n" : HTML.escape(span.source)
    }

    /// ``HTML/escape(_:)``, under the name callers of the fills have used.
    public static func escape(_ text: String) -> String { HTML.escape(text) }
}

/// How `MarkdownDocument.html` renders the parts that are not extension elements.
public struct HTMLOptions: Sendable {
    /// Give headings `id="anchor"` (see `Heading.anchor`).
    public var headingAnchors: Bool

    public init(headingAnchors: Bool = true) {
        self.headingAnchors = headingAnchors
    }
}

/// A heading as rendered: what a table of contents needs, taken from the page's structure rather than
/// read back out of its HTML.
public struct RenderedHeading: Sendable, Hashable {
    /// 1 to 6.
    public var level: Int
    /// The `id` the heading has (``Heading/anchor``).
    public var anchor: String
    /// The HTML between `<hN …>` and `</hN>`, fills applied (math as MathML).
    public var html: String

    public init(level: Int, anchor: String, html: String) {
        self.level = level
        self.anchor = anchor
        self.html = html
    }
}

extension MarkdownDocument {
    /// HTML of the page body: cmark's HTML renderer with raw HTML passed through (as the CommonMark
    /// spec expects), each extension element replaced by what `fill` supplies, and headings given
    /// `id="anchor"` unless `options` say otherwise.
    public func html(_ fill: HTMLFill = HTMLFill(), options: HTMLOptions = HTMLOptions()) -> String {
        render(fill, options: options).html
    }

    /// ``html(_:options:)`` and the page's headings as rendered, in document order.
    public func render(_ fill: HTMLFill = HTMLFill(), options: HTMLOptions = HTMLOptions())
        -> (html: String, headings: [RenderedHeading])
    {
        let tree = CmarkTree(renderSource)
        replaceRawHTMLRegions(in: tree)
        // Collect first, change afterwards: cmark's iterator must not see nodes freed under it.
        // Actions stay in document order so the fill closures are called in that order.
        enum Action {
            case text(CmarkNode, inImage: Bool)
            case restoreLiteral(CmarkNode)
            case restoreLink(CmarkNode)
            case heading(CmarkNode)
            case codeBlock(CmarkNode)
        }
        var actions: [Action] = []
        let hasPlaceholders = !placeholders.kinds.isEmpty
        // Counted on the way, rather than by walking up from each text (images may nest deeply).
        var imageDepth = 0
        tree.walk { node, entering in
            if node.kind == .image { imageDepth += entering ? 1 : -1 }
            switch node.kind {
            case .text where entering && hasPlaceholders:
                if placeholders.mayContainPlaceholder(node.literal) {
                    actions.append(.text(node, inImage: imageDepth > 0))
                }
            case .code, .htmlInline, .htmlBlock:
                if entering, hasPlaceholders, placeholders.mayContainPlaceholder(node.literal) {
                    actions.append(.restoreLiteral(node))
                }
            case .link, .image:
                if entering, hasPlaceholders { actions.append(.restoreLink(node)) }
            case .heading where !entering:
                actions.append(.heading(node))
            case .codeBlock where entering:
                actions.append(.codeBlock(node))
            default:
                break
            }
        }
        var headingIndex = 0
        var rendered: [RenderedHeading] = []
        var codeBlockIndex = 0
        var swiftIndex = 0
        var otherIndex = 0
        for action in actions {
            switch action {
            case .text(let node, let inImage):
                replacePlaceholders(in: node, inImage: inImage, fill)
            case .restoreLiteral(let node):
                node.literal = placeholders.restore(node.literal)
            case .restoreLink(let node):
                node.url = placeholders.restore(node.url)
                node.title = placeholders.restore(node.title)
            case .heading(let node):
                let anchor = headingIndex < headings.count ? headings[headingIndex].anchor : "section-\(headingIndex)"
                headingIndex += 1
                let html = node.html()
                rendered.append(RenderedHeading(level: node.headingLevel, anchor: anchor, html: Self.inner(html)))
                if options.headingAnchors {
                    node.replace(with: .custom(block: true, html: Self.addID(anchor, to: html)))
                }
            case .codeBlock(let node):
                let isSwift = codeBlockIndex < codeBlockIsSwift.count ? codeBlockIsSwift[codeBlockIndex] : false
                codeBlockIndex += 1
                if isSwift, swiftIndex < swiftBlocks.count {
                    node.replace(with: .custom(block: true, html: fill.swiftBlock(swiftBlocks[swiftIndex])))
                    swiftIndex += 1
                } else if !isSwift, otherIndex < codeBlocks.count {
                    if let html = fill.codeBlock?(codeBlocks[otherIndex]) {
                        node.replace(with: .custom(block: true, html: html))
                    }
                    otherIndex += 1
                }
            }
        }
        return (tree.html(), rendered)
    }

    /// What cmark writes between `<hN>` and `</hN>\n`.
    /// Searched in UTF-8, not Characters: a combining mark right after `>` joins it into one grapheme,
    /// and a Character search would then skip the tag's end (the fuzzer's finding).
    private static func inner(_ html: String) -> String {
        let bytes = Array(html.utf8)
        let closing = Array("</h".utf8)
        guard let open = bytes.firstIndex(of: UInt8(ascii: ">")),
            let close = (0...max(0, bytes.count - closing.count)).reversed().first(where: {
                bytes[$0...].starts(with: closing)
            }),
            open < close
        else { return html }
        return String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
    }

    /// Each region's blocks become one raw HTML block holding its lines.
    private func replaceRawHTMLRegions(in tree: CmarkTree) {
        guard !rawHTMLRegions.isEmpty else { return }
        var blocks: [CmarkNode] = []
        var next = tree.rootNode.firstChild
        while let block = next {
            blocks.append(block)
            next = block.next
        }
        for region in rawHTMLRegions where region.firstBlock + region.blockCount <= blocks.count {
            let replaced = blocks[region.firstBlock..<region.firstBlock + region.blockCount]
            replaced.first!.insertBefore(.custom(block: true, html: region.html))
            for block in replaced { block.remove() }
        }
    }

    /// Splits a text node at its placeholders into text and raw-HTML nodes.
    private func replacePlaceholders(in node: CmarkNode, inImage: Bool, _ fill: HTMLFill) {
        let segments = placeholders.segments(node.literal)
        // Display math alone in its paragraph becomes a block in place of the paragraph.
        if segments.count == 1, case .placeholder(let index) = segments[0],
            case .math(let m) = placeholders.kinds[index],
            math[m].isBlock, let paragraph = node.parent, paragraph.kind == .paragraph,
            paragraph.firstChild?.pointer == node.pointer, paragraph.lastChild?.pointer == node.pointer
        {
            paragraph.replace(with: .custom(block: true, html: fill.math(math[m])))
            return
        }
        // An image's description becomes its alt text, where only plain text makes sense.
        for segment in segments {
            switch segment {
            case .text(let text):
                node.insertBefore(.text(text))
            case .placeholder(let index):
                if inImage {
                    node.insertBefore(.text(placeholders.originals[index]))
                    continue
                }
                let html: String
                switch placeholders.kinds[index] {
                case .math(let m): html = fill.math(math[m])
                case .inlineSwift(let s): html = fill.inlineSwift(inlineSwift[s])
                }
                node.insertBefore(.custom(block: false, html: html))
            }
        }
        node.remove()
    }

    /// `<h2>…` becomes `<h2 id="anchor">…`.
    private static func addID(_ anchor: String, to html: String) -> String {
        // The tag's `>` found in UTF-8, as in `inner(_:)`.
        guard html.hasPrefix("<h"), let close = html.utf8.firstIndex(of: UInt8(ascii: ">")) else { return html }
        return html[..<close] + " id=\"\(HTMLFill.escape(anchor))\"" + html[close...]
    }
}
