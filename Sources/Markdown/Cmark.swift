import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

// The only file that touches cmark-gfm's C API. Nodes are borrowed pointers into a tree owned by a
// `CmarkTree`, which frees the whole tree when it goes away.

/// The GFM extensions every page is parsed with. `tagfilter` is left out: it escapes `<script>`,
/// `<style>`, `<textarea>` and others for GitHub's comments, while pages keep raw HTML (ScriptPolicy
/// refuses script with a positioned error instead).
private let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

/// The registered extensions, looked up once (registration is not thread-safe; a `let` global is
/// initialized exactly once). The extensions are read-only after registration, so sharing the pointers
/// between threads is safe.
nonisolated(unsafe) private let gfmExtensions: [OpaquePointer] = {
    cmark_gfm_core_extensions_ensure_registered()
    return extensionNames.map { name in
        guard let extensionPointer = cmark_find_syntax_extension(name) else {
            fatalError("cmark-gfm has no '\(name)' extension")
        }
        return extensionPointer
    }
}()

/// Options every parse and render uses: raw HTML kept (as CommonMark expects), footnotes on.
private let gfmOptions = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES

/// A parsed cmark-gfm document; frees every node when released.
final class CmarkTree {
    let root: OpaquePointer

    /// Parses `bytes` as GitHub Flavored Markdown; every node records its source position.
    init(_ bytes: [UInt8]) {
        let parser = cmark_parser_new(gfmOptions)!
        defer { cmark_parser_free(parser) }
        for extensionPointer in gfmExtensions {
            _ = cmark_parser_attach_syntax_extension(parser, extensionPointer)
        }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress {
                cmark_parser_feed(parser, base.assumingMemoryBound(to: CChar.self), raw.count)
            }
        }
        root = cmark_parser_finish(parser)
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
    case link, image, footnoteDefinition, footnoteReference
    /// GFM extension nodes (their types are run-time values of the extensions library).
    case table, tableRow, tableCell, strikethrough
    case other
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
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition
        case CMARK_NODE_FOOTNOTE_REFERENCE: return .footnoteReference
        default:
            // The extensions' node types are variables of their library, named by a type string.
            switch cmark_node_get_type_string(pointer).map({ String(cString: $0) }) {
            case "table": return .table
            case "table_row", "table_header": return .tableRow
            case "table_cell": return .tableCell
            case "strikethrough": return .strikethrough
            default: return .other
            }
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
    var endColumn: Int { Int(cmark_node_get_end_column(pointer)) }

    /// cmark-gfm's HTML for this node and its children; the C string is freed here. Extension nodes
    /// render through their own extension; the list passed to the renderer only adds HTML filters
    /// (tagfilter), which pages do not use.
    func html() -> String {
        guard let rendered = cmark_render_html(pointer, gfmOptions, nil) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    static func text(_ literal: String) -> CmarkNode {
        let node = CmarkNode(pointer: cmark_node_new(CMARK_NODE_TEXT)!)
        node.literal = literal
        return node
    }

    /// A node whose HTML is `html`, emitted raw by cmark's renderer. Inline, it is a raw HTML node
    /// rather than a custom one: table cells accept only the inline kinds GFM itself makes.
    static func custom(block: Bool, html: String) -> CmarkNode {
        guard block else {
            let node = CmarkNode(pointer: cmark_node_new(CMARK_NODE_HTML_INLINE)!)
            node.literal = html
            return node
        }
        let node = CmarkNode(pointer: cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!)
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

/// cmark-gfm's own HTML for `markdown`, parsed with the same extensions as pages and raw HTML passed
/// through: the reference the conformance tests compare our rendering against.
func cmarkHTML(_ markdown: String) -> String {
    CmarkTree(Array(markdown.utf8)).html()
}
