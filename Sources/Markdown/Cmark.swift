import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// The only file that touches cmark's C API. Nodes are borrowed pointers into a tree owned by a
// `CmarkTree`, which frees the whole tree when it goes away.

/// A parsed cmark document; frees every node when released.
final class CmarkTree {
    let root: OpaquePointer

    init(_ bytes: [UInt8], sourcePositions: Bool) {
        var options = CMARK_OPT_UNSAFE
        if sourcePositions { options |= CMARK_OPT_SOURCEPOS }
        if bytes.isEmpty {
            root = cmark_parse_document("", 0, options)
        } else {
            root = bytes.withUnsafeBytes { raw in
                cmark_parse_document(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count, options)
            }
        }
    }

    deinit {
        cmark_node_free(root)
    }

    var rootNode: CmarkNode { CmarkNode(pointer: root) }

    /// Every node in document order, with whether the walk enters or leaves it.
    func walk(_ visit: (CmarkNode, _ entering: Bool) -> Void) {
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            visit(CmarkNode(pointer: cmark_iter_get_node(iterator)!), event == CMARK_EVENT_ENTER)
        }
    }

    /// cmark's HTML for the whole tree (raw HTML passes, as the CommonMark spec expects).
    func html() -> String {
        CmarkNode(pointer: root).html()
    }
}

/// The kinds of node this module looks at.
enum CmarkKind {
    case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock, paragraph, heading
    case thematicBreak, text, softBreak, lineBreak, code, htmlInline, customInline, emphasis, strong
    case link, image, other
}

/// A borrowed node of a `CmarkTree`; valid while the tree lives and the node is not freed.
struct CmarkNode {
    let pointer: OpaquePointer

    var kind: CmarkKind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: return .customBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_CUSTOM_INLINE: return .customInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        default: return .other
        }
    }

    var parent: CmarkNode? { cmark_node_parent(pointer).map(CmarkNode.init) }
    var firstChild: CmarkNode? { cmark_node_first_child(pointer).map(CmarkNode.init) }
    var lastChild: CmarkNode? { cmark_node_last_child(pointer).map(CmarkNode.init) }
    var next: CmarkNode? { cmark_node_next(pointer).map(CmarkNode.init) }

    var literal: String {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { _ = cmark_node_set_literal(pointer, newValue) }
    }
    var url: String {
        get { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { _ = cmark_node_set_url(pointer, newValue) }
    }
    var title: String {
        get { cmark_node_get_title(pointer).map { String(cString: $0) } ?? "" }
        nonmutating set { _ = cmark_node_set_title(pointer, newValue) }
    }
    var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }
    var endLine: Int { Int(cmark_node_get_end_line(pointer)) }

    /// cmark's HTML for this node and its children; the C string is freed here.
    func html() -> String {
        guard let rendered = cmark_render_html(pointer, CMARK_OPT_UNSAFE) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    static func text(_ literal: String) -> CmarkNode {
        let node = CmarkNode(pointer: cmark_node_new(CMARK_NODE_TEXT)!)
        node.literal = literal
        return node
    }

    /// A node whose HTML is `html`, emitted raw by cmark's renderer.
    static func custom(block: Bool, html: String) -> CmarkNode {
        let node = CmarkNode(pointer: cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE)!)
        _ = cmark_node_set_on_enter(node.pointer, html)
        _ = cmark_node_set_on_exit(node.pointer, "")
        return node
    }

    func insertBefore(_ sibling: CmarkNode) {
        _ = cmark_node_insert_before(pointer, sibling.pointer)
    }

    /// Puts `replacement` where this node is, and frees this node with its children.
    func replace(with replacement: CmarkNode) {
        insertBefore(replacement)
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }

    /// Unlinks and frees this node with its children.
    func remove() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }
}

/// cmark's own HTML for `markdown`, with raw HTML passed through: the reference the conformance
/// test compares against.
func cmarkHTML(_ markdown: String) -> String {
    var bytes = Array(markdown.utf8)
    let count = bytes.count
    bytes.append(0)
    return bytes.withUnsafeBytes { raw in
        guard
            let rendered = cmark_markdown_to_html(
                raw.baseAddress!.assumingMemoryBound(to: CChar.self), count,
                CMARK_OPT_UNSAFE)
        else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
